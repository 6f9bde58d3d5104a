package org.coophive.mediator.mediations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.testing.RecordingChainEvents.Kind.MEDIATION_REQUESTS;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.testing.RecordingChainEvents;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediationTriggersTest {

    private static final String BLOCK_HASH = "0x" + "0b".repeat(32);

    private static final String MEDIATOR = DevAccounts.mediator().address();
    private static final String OTHER_MEDIATOR = DevAccounts.directory().address();
    private static final String DEAL_ID = ContentIds.ofBytes(new byte[] {1, 2, 3});

    @TempDir
    Path dataDir;

    private final List<String> submitted = new ArrayList<>();
    private MediationReconciler reconciler;

    @AfterEach
    void stop() {
        if (reconciler != null) reconciler.close();
    }

    private MediationTriggers triggers(MediationJournal journal, CursorFile cursor) {
        reconciler = new MediationReconciler(
                dealId -> {
                    synchronized (submitted) {
                        submitted.add(dealId);
                        submitted.notifyAll();
                    }
                    return WorkLanes.Outcome.DONE;
                },
                new FakeSolver(),
                journal,
                MEDIATOR,
                1,
                Duration.ofHours(1));
        return new MediationTriggers(reconciler, journal, cursor, MEDIATOR, Clock.systemUTC());
    }

    @Test
    void shouldJournalAndLookAtOnceWhenTheChainNamesThisMediator() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir.resolve("mediations"));
        CursorFile cursor = new CursorFile(dataDir.resolve("cursor"));
        MediationTriggers triggers = triggers(journal, cursor);

        triggers.onMediationRequested(event(MEDIATOR, new EventCursor(7, 2)));

        assertThat(journal.openDealIds()).containsExactly(DEAL_ID);
        assertThat(cursor.read()).contains(new EventCheckpoint(new EventCursor(7, 2), BLOCK_HASH));
        awaitSubmitted(DEAL_ID);
    }

    @Test
    void shouldOnlyMoveTheCursorWhenAnotherMediatorIsNamed() {
        MediationJournal journal = new MediationJournal(dataDir.resolve("mediations"));
        CursorFile cursor = new CursorFile(dataDir.resolve("cursor"));
        MediationTriggers triggers = triggers(journal, cursor);

        triggers.onMediationRequested(event(OTHER_MEDIATOR, new EventCursor(9, 0)));

        assertThat(journal.all()).isEmpty();
        assertThat(cursor.read()).contains(new EventCheckpoint(new EventCursor(9, 0), BLOCK_HASH));
    }

    @Test
    void shouldResumeFromTheSavedCursorAfterARestart() {
        CursorFile cursor = new CursorFile(dataDir.resolve("cursor"));
        RecordingChainEvents events = new RecordingChainEvents(EventCursor.GENESIS);
        MediationJournal journal = new MediationJournal(dataDir.resolve("mediations"));

        triggers(journal, cursor).openChain(events, 5);
        assertThat(events.from(MEDIATION_REQUESTS)).containsExactly(EventCursor.startOf(5));

        cursor.write(EventCheckpoint.unchecked(new EventCursor(12, 3)));
        triggers(journal, cursor).openChain(events, 5);
        assertThat(events.from(MEDIATION_REQUESTS)).containsExactly(EventCursor.startOf(5), new EventCursor(12, 3));
    }

    private void awaitSubmitted(String dealId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (submitted) {
            while (!submitted.contains(dealId)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new AssertionError("deal " + dealId + " was not looked at");
                submitted.wait(left);
            }
        }
    }

    private static ChainEvent<MediationRequested> event(String mediator, EventCursor cursor) {
        Bytes32 dealId = Bytes32.of(ContentIds.digest(DEAL_ID));
        return new ChainEvent<>(
                new MediationRequested(Bytes32.ZERO, dealId, mediator), cursor, "0x" + "ab".repeat(32), BLOCK_HASH);
    }
}
