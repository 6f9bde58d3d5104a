package org.coophive.solver.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.deal;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.reconcile.ServiceRegistration;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.ServiceType;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.store.ChainCursorStore;
import org.coophive.solver.store.StoreOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.unit.DataSize;
import org.web3j.utils.Numeric;

/**
 * The solver follows deals on chain from a saved position: every state change and mediation
 * request of the deals reaches the deals feature, and after a stop it resumes with exactly the
 * events it missed. It registers its URL in the Users contract once.
 */
class ChainTrackerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext store;

    /** What the tracker reported, in order. */
    record Update(String dealId, Object value) {}

    static final class RecordingUpdates implements ChainDealUpdates {
        final List<Update> updates = new CopyOnWriteArrayList<>();
        final List<Long> rollbacks = new CopyOnWriteArrayList<>();

        @Override
        public boolean stateChanged(String dealId, AgreementState state, EventCursor at) {
            updates.add(new Update(dealId, state));
            return true;
        }

        @Override
        public boolean mediatorChosen(String dealId, String mediator, EventCursor at) {
            updates.add(new Update(dealId, mediator));
            return true;
        }

        @Override
        public int rolledBack(long forkBlock) {
            rollbacks.add(forkBlock);
            return 0;
        }
    }

    private Web3ChainClient solver;
    private Web3ChainClient jc;
    private Web3ChainClient rp;

    @BeforeAll
    static void startStore() {
        store = StoreOnlyApplication.start(dataDir);
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void connect() {
        solver = client(DevAccounts.solver());
        jc = client(DevAccounts.jobCreator());
        rp = client(DevAccounts.resourceProvider());
        jc.approvePayments(UNLIMITED);
        rp.approvePayments(UNLIMITED);
        store.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("DELETE FROM chain_cursors")
                .update();
    }

    @AfterEach
    void close() {
        solver.close();
        jc.close();
        rp.close();
    }

    private static Web3ChainClient client(DevAccount account) {
        return Web3ChainClient.connect(new Web3Properties(
                chain.node().rpcUrl(),
                Numeric.toHexStringWithPrefixZeroPadded(
                        account.credentials().getEcKeyPair().getPrivateKey(), 64),
                AnvilNode.CHAIN_ID,
                chain.addresses().controller()));
    }

    private ChainTracker tracker(ChainDealUpdates updates) {
        return new ChainTracker(solver.events(), solver, store.getBean(ChainCursorStore.class), updates);
    }

    private static String cid(DealTerms terms) {
        return ContentIds.fromDigest(terms.dealId().bytes());
    }

    @Test
    void shouldReportStatesAndMediatorsOfDealsWhenTheyChangeOnChain() throws Exception {
        RecordingUpdates updates = new RecordingUpdates();
        ChainTracker tracker = tracker(updates);
        tracker.start();
        try {
            DealTerms terms = deal("tracked");
            rp.agree(terms);
            jc.agree(terms);
            rp.addResult(terms, Bytes32.of(TestDeal.id("r")), Bytes32.of(TestDeal.id("d")), BigInteger.ONE);
            jc.checkResult(terms);

            Await.until(WAIT, "four updates", () -> updates.updates.size() >= 4);
            assertThat(updates.updates)
                    .containsExactlyInAnyOrder(
                            new Update(cid(terms), AgreementState.DEAL_AGREED),
                            new Update(cid(terms), AgreementState.RESULTS_SUBMITTED),
                            new Update(cid(terms), AgreementState.RESULTS_CHECKED),
                            new Update(cid(terms), DevAccounts.mediator().address()));
        } finally {
            tracker.stop();
        }
    }

    @Test
    void shouldResumeWithExactlyTheMissedEventsWhenRestarted() throws Exception {
        DealTerms first = deal("before the stop");
        RecordingUpdates beforeStop = new RecordingUpdates();
        ChainTracker tracker = tracker(beforeStop);
        tracker.start();
        rp.agree(first);
        jc.agree(first);
        Await.until(WAIT, "the agreement", () -> beforeStop.updates.size() == 1);
        tracker.stop();

        // While the solver is down.
        DealTerms second = deal("while down");
        rp.agree(second);
        jc.agree(second);

        RecordingUpdates afterRestart = new RecordingUpdates();
        ChainTracker restarted = tracker(afterRestart);
        restarted.start();
        try {
            // One change after the restart: anything delivered twice would show up before it.
            chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
            jc.timeoutSubmitResults(first);
            Await.until(WAIT, "the missed and the new event", () -> afterRestart.updates.size() >= 2);
            assertThat(afterRestart.updates)
                    .containsExactly(
                            new Update(cid(second), AgreementState.DEAL_AGREED),
                            new Update(cid(first), AgreementState.TIMEOUT_SUBMIT_RESULTS));
        } finally {
            restarted.stop();
        }
    }

    /** Reverts the chain to a snapshot behind the tracker's back; the clients forget the nonces it lost. */
    private void revertTo(String snapshot) throws Exception {
        chain.node().revert(snapshot);
        jc.resetNonce();
        rp.resetNonce();
    }

    @Test
    void shouldTellTheDealsFeatureWhereTheChainForkedWhenBlocksItReadAreRolledBack() throws Exception {
        DealTerms lost = deal("rolled back while running");
        RecordingUpdates updates = new RecordingUpdates();
        ChainTracker tracker = tracker(updates);
        tracker.start();
        try {
            String fork = chain.node().snapshot();
            long forkBlock = solver.blockNumber();
            rp.agree(lost);
            jc.agree(lost);
            Await.until(WAIT, "the agreement", () -> updates.updates.size() == 1);

            revertTo(fork);
            chain.node().mine();

            Await.until(WAIT, "the rollback to reach the deals feature", () -> !updates.rollbacks.isEmpty());
            assertThat(updates.rollbacks.get(0)).isLessThanOrEqualTo(forkBlock);
        } finally {
            tracker.stop();
        }
    }

    @Test
    void shouldReadAgainFromBeforeItsSavedPositionWhenTheChainChangedWhileItWasStopped() throws Exception {
        DealTerms lost = deal("lost while the solver is down");
        DealTerms kept = deal("mined on the new branch while the solver is down");
        rp.agree(kept); // no state change yet: the job creator's agree makes it DEAL_AGREED
        RecordingUpdates beforeStop = new RecordingUpdates();
        ChainTracker tracker = tracker(beforeStop);
        tracker.start();
        String fork = chain.node().snapshot();
        long forkBlock = solver.blockNumber();
        rp.agree(lost);
        jc.agree(lost);
        Await.until(WAIT, "the agreement of the branch that will be lost", () -> beforeStop.updates.size() == 1);
        chain.node().mine();
        chain.node().mine();
        tracker.stop(); // saved: the position of that agreement, with its block's hash

        revertTo(fork);
        jc.agree(kept); // mined below the saved position

        RecordingUpdates afterRestart = new RecordingUpdates();
        ChainTracker restarted = tracker(afterRestart);
        restarted.start();
        try {
            Await.until(WAIT, "the new branch's agreement", () -> !afterRestart.updates.isEmpty());
            assertThat(afterRestart.updates).containsExactly(new Update(cid(kept), AgreementState.DEAL_AGREED));
            assertThat(afterRestart.rollbacks).isNotEmpty().allSatisfy(block -> assertThat(block)
                    .isLessThanOrEqualTo(forkBlock));
        } finally {
            restarted.stop();
        }
    }

    @Test
    void shouldRegisterItsUrlOnceWhenStarted() {
        SolverProperties properties = new SolverProperties(
                "http://127.0.0.1:8080", DataSize.ofGigabytes(1), Duration.ofHours(1), Duration.ofSeconds(10));
        new ServiceRegistration(solver, ServiceType.SOLVER, properties.url()).register();
        long blockAfterFirst = solver.blockNumber();
        new ServiceRegistration(solver, ServiceType.SOLVER, properties.url()).register();

        assertThat(solver.getUser(solver.address())).map(OnChainUser::url).contains("http://127.0.0.1:8080");
        assertThat(solver.getUser(solver.address()).orElseThrow().roles()).contains(ServiceType.SOLVER);
        assertThat(solver.showUsersInList(ServiceType.SOLVER)).contains(solver.address());
        assertThat(solver.blockNumber()).as("the second start sends nothing").isEqualTo(blockAfterFirst);
    }
}
