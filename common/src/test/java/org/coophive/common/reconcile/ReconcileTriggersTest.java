package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEventListener;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.JobAdded;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.chain.ResultAdded;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;

class ReconcileTriggersTest {

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
    void shouldTriggerOnTheChainEventsTheFilterAcceptsFromTheLatestBlock() throws Exception {
        RecordingEvents events = new RecordingEvents();
        Bytes32 ours = Bytes32.of(new byte[32]);
        ReconcileTriggers triggers = ReconcileTriggers.of(this.triggers::incrementAndGet)
                .dealStateChanges(events, event -> event.event().dealKey().equals(ours))
                .build();

        triggers.start();
        assertThat(events.from).containsExactly(RecordingEvents.LATEST);
        assertThat(events.streams.get(0).started).isTrue();

        events.deliver(ours);
        events.deliver(Bytes32.of(filled((byte) 7)));
        assertThat(this.triggers.get()).isEqualTo(1);

        triggers.stop();
        assertThat(events.streams.get(0).closed).isTrue();
        assertThat(triggers.isRunning()).isFalse();
    }

    @Test
    void shouldOpenNothingBeforeStartAndCloseWhatOpenedWhenAStreamCannotOpen() {
        RecordingEvents events = new RecordingEvents();
        ReconcileTriggers triggers = ReconcileTriggers.of(this.triggers::incrementAndGet)
                .dealStateChanges(events, event -> true)
                .chainStream(() -> {
                    throw new IllegalStateException("node down");
                })
                .build();
        assertThat(events.streams).isEmpty();

        assertThatThrownBy(triggers::start).hasMessage("node down");

        assertThat(events.streams).hasSize(1);
        assertThat(events.streams.get(0).closed).as("no stream left running").isTrue();
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

    /** Chain events fed by hand: records where each stream starts and whether it runs. */
    private static final class RecordingEvents implements ChainEvents {
        static final EventCursor LATEST = new EventCursor(42, 0);

        final List<EventCursor> from = new ArrayList<>();
        final List<Stream> streams = new ArrayList<>();
        private final List<ChainEventListener<DealStateChanged>> listeners = new ArrayList<>();

        void deliver(Bytes32 dealKey) throws Exception {
            ChainEvent<DealStateChanged> event = new ChainEvent<>(
                    new DealStateChanged(dealKey, Bytes32.ZERO, AgreementState.DEAL_AGREED),
                    new EventCursor(43, 0),
                    "0x" + "ab".repeat(32),
                    "0x00");
            for (ChainEventListener<DealStateChanged> listener : listeners) listener.onEvent(event);
        }

        @Override
        public EventStream dealStateChanges(EventCursor after, ChainEventListener<DealStateChanged> listener) {
            from.add(after);
            listeners.add(listener);
            Stream stream = new Stream(after);
            streams.add(stream);
            return stream;
        }

        @Override
        public EventStream mediationRequests(EventCursor after, ChainEventListener<MediationRequested> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventStream resultsAdded(EventCursor after, ChainEventListener<ResultAdded> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventStream jobsAdded(EventCursor after, ChainEventListener<JobAdded> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventCursor latest() {
            return LATEST;
        }
    }

    private static final class Stream implements EventStream {
        private final EventCursor after;
        boolean started;
        boolean closed;

        Stream(EventCursor after) {
            this.after = after;
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public boolean isRunning() {
            return started && !closed;
        }

        @Override
        public EventCursor position() {
            return after;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
