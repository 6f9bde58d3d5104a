package org.coophive.common.reconcile;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventStream;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.solver.SolverEventFilter;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.common.solver.SolverEventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * What makes a reconciler's pass come sooner: the solver's event stream (every event that concerns
 * the service, and every (re)connect, since the solver does not replay what a client missed) and
 * chain event streams. They are only hints; the periodic pass of the {@link PassLoop} catches
 * whatever they miss.
 *
 * <p>Built with the filter each service needs, e.g. for a provider:
 *
 * <pre>{@code
 * ReconcileTriggers.of(loop::trigger)
 *         .solverEvents(solverUrl, ReconcileTriggers.dealsNaming(DealContainer::resourceProvider, self))
 *         .dealStateChanges(events, event -> journal.knowsKey(event.event().dealKey()))
 *         .build();
 * }</pre>
 *
 * As a Spring bean it opens its streams once the loop has started and closes them before it stops.
 */
public final class ReconcileTriggers implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileTriggers.class);

    private final List<Supplier<AutoCloseable>> sources;
    private final List<AutoCloseable> open = new ArrayList<>();
    private boolean running;

    private ReconcileTriggers(List<Supplier<AutoCloseable>> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Triggers that call {@code trigger} (usually {@link PassLoop#trigger()}). */
    public static Builder of(Runnable trigger) {
        return new Builder(Objects.requireNonNull(trigger, "trigger"));
    }

    /** Solver events whose deal names {@code address} as the party {@code member} picks out. */
    public static Predicate<SolverEvent> dealsNaming(Function<DealContainer, String> member, String address) {
        return event -> {
            DealContainer deal = event.deal();
            return deal != null && Addresses.equal(member.apply(deal), address);
        };
    }

    /** A solver listener that triggers on the events {@code concerns} accepts and on every (re)connect. */
    public static SolverEventListener solverListener(Predicate<SolverEvent> concerns, Runnable trigger) {
        return solverListener(concerns, event -> trigger.run(), trigger);
    }

    /**
     * A solver listener that hands the events {@code concerns} accepts to {@code onEvent} (e.g. a
     * turn for the one deal an event names) and triggers on every (re)connect.
     */
    public static SolverEventListener solverListener(
            Predicate<SolverEvent> concerns, Consumer<SolverEvent> onEvent, Runnable trigger) {
        return new SolverEventListener() {
            @Override
            public void onEvent(SolverEvent event) {
                if (concerns.test(event)) onEvent.accept(event);
            }

            @Override
            public void onConnected() {
                trigger.run();
            }
        };
    }

    /** Opens every stream; if one cannot be opened, closes those opened and throws. */
    @Override
    public synchronized void start() {
        if (running) return;
        try {
            for (Supplier<AutoCloseable> source : sources) open.add(source.get());
        } catch (RuntimeException e) {
            closeOpen();
            throw e;
        }
        running = true;
    }

    /** Closes every stream. Idempotent. */
    @Override
    public synchronized void stop() {
        running = false;
        closeOpen();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** One phase after the {@link PassLoop}: started after it, stopped before it. */
    @Override
    public int getPhase() {
        return PassLoop.PHASE + 1;
    }

    @Override
    public void close() {
        stop();
    }

    private void closeOpen() {
        for (AutoCloseable stream : open) {
            try {
                stream.close();
            } catch (Exception e) { // closing is best effort: the other streams must close too
                log.warn("cannot close an event stream: {}", e.toString());
            }
        }
        open.clear();
    }

    /** Collects the streams; nothing is opened before {@link ReconcileTriggers#start()}. */
    public static final class Builder {

        private final Runnable trigger;
        private final List<Supplier<AutoCloseable>> sources = new ArrayList<>();

        private Builder(Runnable trigger) {
            this.trigger = trigger;
        }

        /** The solver's WebSocket events: the ones {@code concerns} accepts, and every (re)connect. */
        public Builder solverEvents(URI solverUrl, Predicate<SolverEvent> concerns) {
            return solverEvents(solverUrl, SolverEventFilter.ALL, concerns);
        }

        /**
         * As {@link #solverEvents(URI, Predicate)}, asking the solver only for the events that pass
         * {@code sent} (e.g. {@link SolverEventFilter#addresses} with the service's own address):
         * the solver then neither encodes nor sends the rest of the network's events to it.
         */
        public Builder solverEvents(URI solverUrl, SolverEventFilter sent, Predicate<SolverEvent> concerns) {
            Objects.requireNonNull(concerns, "concerns");
            return solverEvents(solverUrl, sent, concerns, event -> trigger.run());
        }

        /**
         * As {@link #solverEvents(URI, Predicate)}, the events {@code concerns} accepts handed to
         * {@code onEvent} instead of triggering a pass (a reconnect still triggers one).
         */
        public Builder solverEvents(URI solverUrl, Predicate<SolverEvent> concerns, Consumer<SolverEvent> onEvent) {
            return solverEvents(solverUrl, SolverEventFilter.ALL, concerns, onEvent);
        }

        /** As above, asking the solver only for the events that pass {@code sent}. */
        public Builder solverEvents(
                URI solverUrl, SolverEventFilter sent, Predicate<SolverEvent> concerns, Consumer<SolverEvent> onEvent) {
            Objects.requireNonNull(solverUrl, "solverUrl");
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(concerns, "concerns");
            Objects.requireNonNull(onEvent, "onEvent");
            sources.add(() -> SolverEventStream.open(solverUrl, sent, solverListener(concerns, onEvent, trigger)));
            return this;
        }

        /** The chain's {@code DealStateChange} events from now on that {@code concerns} accepts. */
        public Builder dealStateChanges(ChainEvents events, Predicate<ChainEvent<DealStateChanged>> concerns) {
            return dealStateChanges(events, concerns, event -> trigger.run());
        }

        /** As above, each event {@code concerns} accepts handed to {@code onEvent} instead of triggering a pass. */
        public Builder dealStateChanges(
                ChainEvents events,
                Predicate<ChainEvent<DealStateChanged>> concerns,
                Consumer<ChainEvent<DealStateChanged>> onEvent) {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(concerns, "concerns");
            Objects.requireNonNull(onEvent, "onEvent");
            return chainStream(() -> events.dealStateChanges(events.latest(), event -> {
                if (concerns.test(event)) onEvent.accept(event);
            }));
        }

        /**
         * Any other chain stream (e.g. one resumed from a cursor whose listener journals what it
         * hears); made unstarted by {@code open} and started here.
         */
        public Builder chainStream(Supplier<EventStream> open) {
            Objects.requireNonNull(open, "open");
            sources.add(() -> {
                EventStream stream = open.get();
                stream.start();
                return stream;
            });
            return this;
        }

        public ReconcileTriggers build() {
            return new ReconcileTriggers(sources);
        }
    }
}
