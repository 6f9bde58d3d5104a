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

        @Override
        public boolean stateChanged(String dealId, AgreementState state) {
            updates.add(new Update(dealId, state));
            return true;
        }

        @Override
        public boolean mediatorChosen(String dealId, String mediator) {
            updates.add(new Update(dealId, mediator));
            return true;
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
