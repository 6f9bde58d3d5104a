package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event streams when the chain's history changes behind their back (Anvil reverted to a snapshot,
 * as a reorganisation or a rollback does): they rewind to the fork point and deliver the events of
 * the re-mined blocks, instead of skipping every block up to where they had read.
 */
class ChainReorgIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Web3ChainClient jc;
    Web3ChainClient rp;
    ChainEvents events;
    final List<EventStream> streams = new ArrayList<>();

    @BeforeAll
    static void approveEscrow() {
        for (var account : List.of(DevAccounts.jobCreator(), DevAccounts.resourceProvider())) {
            try (Web3ChainClient client = client(chain, account)) {
                client.approvePayments(UNLIMITED);
            }
        }
    }

    @BeforeEach
    void connect() {
        jc = client(chain, DevAccounts.jobCreator());
        rp = client(chain, DevAccounts.resourceProvider());
        events = jc.events();
    }

    @AfterEach
    void close() {
        streams.forEach(EventStream::close);
        jc.close();
        rp.close();
    }

    private EventStream started(EventStream stream) {
        streams.add(stream);
        stream.start();
        return stream;
    }

    /** Reverts the chain to a snapshot; the clients forget the nonces of the transactions it lost. */
    private void revertTo(String snapshot) throws Exception {
        chain.node().revert(snapshot);
        jc.resetNonce();
        rp.resetNonce();
    }

    @Test
    void shouldDeliverAnEventOfTheNewBranchAtABlockTheStreamHadAlreadyReadWhenTheChainReorganises() throws Exception {
        DealTerms lost = deal("lost in the reorg");
        DealTerms kept = deal("mined on the new branch");
        rp.agree(kept); // no state change yet: the job creator's agree makes it DEAL_AGREED
        List<ChainEvent<DealStateChanged>> delivered = new CopyOnWriteArrayList<>();
        EventStream stream = started(events.dealStateChanges(events.latest(), delivered::add));
        String fork = chain.node().snapshot();

        rp.agree(lost);
        jc.agree(lost);
        Await.until(WAIT, "the agreement of the branch that will be lost", () -> delivered.size() == 1);
        long lostBlock = delivered.get(0).cursor().blockNumber();

        revertTo(fork);
        jc.agree(kept);

        Await.until(WAIT, "the agreement mined on the new branch", () -> delivered.size() == 2);
        ChainEvent<DealStateChanged> reMined = delivered.get(1);
        assertThat(reMined.event().dealId()).isEqualTo(kept.dealId());
        assertThat(reMined.event().state()).isEqualTo(AgreementState.DEAL_AGREED);
        // The new branch's event sits below where the stream had read: without the rewind it was skipped.
        assertThat(reMined.cursor().blockNumber()).isLessThan(lostBlock);
        assertThat(delivered.get(0).event().dealId()).isEqualTo(lost.dealId());
        Await.until(WAIT, "the stream to stand at the new branch's event", () -> stream.position()
                .equals(reMined.cursor()));
    }

    @Test
    void shouldDeliverTheSameEventAgainFromItsNewBlockWhenItsBlockIsRolledBackAndMinedAgain() throws Exception {
        DealTerms terms = deal("re-mined");
        rp.agree(terms);
        List<ChainEvent<DealStateChanged>> delivered = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(events.latest(), delivered::add));
        String beforeAgree = chain.node().snapshot();

        jc.agree(terms);
        Await.until(WAIT, "the agreement", () -> delivered.size() == 1);
        chain.node().mine();
        chain.node().mine();

        revertTo(beforeAgree);
        chain.node().increaseTime(60); // a different block than the rolled-back one
        jc.agree(terms);

        Await.until(WAIT, "the agreement from its new block", () -> delivered.size() == 2);
        ChainEvent<DealStateChanged> first = delivered.get(0);
        ChainEvent<DealStateChanged> again = delivered.get(1);
        assertThat(again.event()).isEqualTo(first.event());
        assertThat(again.cursor()).isEqualTo(first.cursor());
        assertThat(again.blockHash()).isNotEqualTo(first.blockHash());
        assertThat(jc.getAgreement(terms).state()).isEqualTo(AgreementState.DEAL_AGREED);
    }

    @Test
    void shouldReadAgainFromBeforeItsSavedBlockWhenStartedAfterTheChainChangedWhileItWasStopped() throws Exception {
        DealTerms lost = deal("lost while stopped");
        DealTerms kept = deal("mined on the new branch while stopped");
        rp.agree(kept); // no state change yet: the job creator's agree makes it DEAL_AGREED
        List<ChainEvent<DealStateChanged>> beforeStop = new CopyOnWriteArrayList<>();
        EventStream first = started(events.dealStateChanges(events.latest(), beforeStop::add));
        String fork = chain.node().snapshot();
        rp.agree(lost);
        jc.agree(lost);
        Await.until(WAIT, "the agreement of the branch that will be lost", () -> beforeStop.size() == 1);
        first.close();
        EventCheckpoint saved = first.checkpoint();
        assertThat(saved.cursor()).isEqualTo(beforeStop.get(0).cursor());
        assertThat(saved.blockHash()).isEqualTo(beforeStop.get(0).blockHash());

        revertTo(fork);
        jc.agree(kept);

        List<ChainEvent<DealStateChanged>> afterRestart = new CopyOnWriteArrayList<>();
        List<EventCursor> rewinds = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(saved, new ChainEventListener<>() {
            @Override
            public void onEvent(ChainEvent<DealStateChanged> event) {
                afterRestart.add(event);
            }

            @Override
            public void onRewind(EventCursor forkPoint) {
                rewinds.add(forkPoint);
            }
        }));

        Await.until(WAIT, "the agreement mined while the stream was stopped", () -> afterRestart.size() == 1);
        ChainEvent<DealStateChanged> reMined = afterRestart.get(0);
        assertThat(reMined.event().dealId()).isEqualTo(kept.dealId());
        // Not after the saved position: a stream that trusted it would have skipped this event.
        assertThat(reMined.cursor().isAfter(saved.cursor())).isFalse();
        assertThat(rewinds).singleElement().satisfies(forkPoint -> assertThat(forkPoint.blockNumber())
                .isLessThan(reMined.cursor().blockNumber()));
    }

    @Test
    void shouldResumeExactlyAfterItsSavedPositionWhenItsBlockIsStillInTheChain() throws Exception {
        DealTerms before = deal("before the stop");
        DealTerms after = deal("after the stop");
        rp.agree(before);
        rp.agree(after);
        List<ChainEvent<DealStateChanged>> beforeStop = new CopyOnWriteArrayList<>();
        EventStream first = started(events.dealStateChanges(events.latest(), beforeStop::add));
        jc.agree(before);
        Await.until(WAIT, "the first agreement", () -> beforeStop.size() == 1);
        first.close();
        EventCheckpoint saved = first.checkpoint();

        jc.agree(after);
        List<ChainEvent<DealStateChanged>> afterRestart = new CopyOnWriteArrayList<>();
        List<EventCursor> rewinds = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(saved, new ChainEventListener<>() {
            @Override
            public void onEvent(ChainEvent<DealStateChanged> event) {
                afterRestart.add(event);
            }

            @Override
            public void onRewind(EventCursor forkPoint) {
                rewinds.add(forkPoint);
            }
        }));

        // In chain order: the event before the stop, delivered again, would come first.
        Await.until(WAIT, "the agreement after the stop", () -> !afterRestart.isEmpty());
        assertThat(afterRestart)
                .singleElement()
                .satisfies(event -> assertThat(event.event().dealId()).isEqualTo(after.dealId()));
        assertThat(rewinds).isEmpty();
    }
}
