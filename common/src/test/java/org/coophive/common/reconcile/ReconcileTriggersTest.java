package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.testing.RecordingChainEvents.Kind.DEAL_STATE_CHANGES;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.common.testing.RecordingChainEvents;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;

class ReconcileTriggersTest {

    private static final EventCursor LATEST = new EventCursor(42, 0);

    private static final String PROVIDER = DevAccounts.resourceProvider().address();
    private static final String OTHER = DevAccounts.directory().address();

    private final AtomicInteger triggers = new AtomicInteger();

    @Test
    void shouldTriggerOnSolverEventsAboutTheServicesDealsWhateverTheAddressCase() {
        SolverEventListener listener = ReconcileTriggers.solverListener(
                ReconcileTriggers.dealsNaming(DealContainer::resourceProvider, PROVIDER.toLowerCase()),
                triggers::incrementAndGet);

        listener.onEvent(SolverEvent.of(EventType.DEAL_ADDED, dealOf(PROVIDER)));
        assertThat(triggers.get()).isEqualTo(1);

        listener.onEvent(SolverEvent.of(EventType.DEAL_STATE_UPDATED, dealOf(OTHER)));
        assertThat(triggers.get()).as("another provider's deal").isEqualTo(1);
    }

    @Test
    void shouldTriggerWhenTheSolverStreamReconnects() {
        SolverEventListener listener = ReconcileTriggers.solverListener(event -> false, triggers::incrementAndGet);

        listener.onConnected();

        assertThat(triggers.get())
                .as("missed events are not replayed: look again")
                .isEqualTo(1);
    }

    @Test
    void shouldHandTheSolverEventsTheFilterAcceptsToTheHandlerAndTriggerOnlyOnReconnect() {
        List<SolverEvent> handled = new ArrayList<>();
        SolverEventListener listener = ReconcileTriggers.solverListener(
                ReconcileTriggers.dealsNaming(DealContainer::resourceProvider, PROVIDER),
                handled::add,
                triggers::incrementAndGet);
        SolverEvent ours = SolverEvent.of(EventType.DEAL_ADDED, dealOf(PROVIDER));

        listener.onEvent(ours);
        listener.onEvent(SolverEvent.of(EventType.DEAL_ADDED, dealOf(OTHER)));
        assertThat(handled).containsExactly(ours);
        assertThat(triggers.get()).as("the event is handled, no pass asked for").isZero();

        listener.onConnected();
        assertThat(triggers.get())
                .as("missed events are not replayed: look again")
                .isEqualTo(1);
    }

    @Test
    void shouldHandTheChainEventsTheFilterAcceptsToTheHandlerInsteadOfTriggering() throws Exception {
        RecordingChainEvents events = new RecordingChainEvents(LATEST);
        Bytes32 ours = Bytes32.of(new byte[32]);
        List<Bytes32> handled = new ArrayList<>();
        ReconcileTriggers triggers = ReconcileTriggers.of(this.triggers::incrementAndGet)
                .dealStateChanges(
                        events,
                        event -> event.event().dealKey().equals(ours),
                        event -> handled.add(event.event().dealKey()))
                .build();

        triggers.start();
        events.deliver(DEAL_STATE_CHANGES, agreed(ours));
        events.deliver(DEAL_STATE_CHANGES, agreed(Bytes32.of(filled((byte) 7))));

        assertThat(handled).containsExactly(ours);
        assertThat(this.triggers.get()).isZero();
        triggers.stop();
    }

    @Test
    void shouldTriggerOnTheChainEventsTheFilterAcceptsFromTheLatestBlock() throws Exception {
        RecordingChainEvents events = new RecordingChainEvents(LATEST);
        Bytes32 ours = Bytes32.of(new byte[32]);
        ReconcileTriggers triggers = ReconcileTriggers.of(this.triggers::incrementAndGet)
                .dealStateChanges(events, event -> event.event().dealKey().equals(ours))
                .build();

        triggers.start();
        assertThat(events.from(DEAL_STATE_CHANGES)).containsExactly(LATEST);
        assertThat(events.streams().get(0).started()).isTrue();

        events.deliver(DEAL_STATE_CHANGES, agreed(ours));
        events.deliver(DEAL_STATE_CHANGES, agreed(Bytes32.of(filled((byte) 7))));
        assertThat(this.triggers.get()).isEqualTo(1);

        triggers.stop();
        assertThat(events.streams().get(0).closed()).isTrue();
        assertThat(triggers.isRunning()).isFalse();
    }

    @Test
    void shouldOpenNothingBeforeStartAndCloseWhatOpenedWhenAStreamCannotOpen() {
        RecordingChainEvents events = new RecordingChainEvents(LATEST);
        ReconcileTriggers triggers = ReconcileTriggers.of(this.triggers::incrementAndGet)
                .dealStateChanges(events, event -> true)
                .chainStream(() -> {
                    throw new IllegalStateException("node down");
                })
                .build();
        assertThat(events.streams()).isEmpty();

        assertThatThrownBy(triggers::start).hasMessage("node down");

        assertThat(events.streams()).hasSize(1);
        assertThat(events.streams().get(0).closed())
                .as("no stream left running")
                .isTrue();
        assertThat(triggers.isRunning()).isFalse();
    }

    @Test
    void shouldStartAfterTheLoopAndStopBeforeIt() {
        ReconcileTriggers triggers = ReconcileTriggers.of(() -> {}).build();

        assertThat(triggers.getPhase()).isGreaterThan(PassLoop.PHASE);
    }

    private static DealContainer dealOf(String resourceProvider) {
        return new DealContainer(
                "", DevAccounts.jobCreator().address(), resourceProvider, "", "", null, null, null, "");
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static ChainEvent<DealStateChanged> agreed(Bytes32 dealKey) {
        return new ChainEvent<>(
                new DealStateChanged(dealKey, Bytes32.ZERO, AgreementState.DEAL_AGREED),
                new EventCursor(43, 0),
                "0x" + "ab".repeat(32),
                "0x00");
    }
}
