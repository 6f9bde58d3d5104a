package org.coophive.common.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEventListener;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.JobAdded;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.chain.ResultAdded;

/**
 * Chain events a test feeds by hand, recording how a service opens its streams: where each one
 * asked to start, whether it was started and closed. For tests of the wiring of streams (cursors,
 * lifecycle); {@link FakeChain#events()} streams the events of a simulated chain instead.
 */
public final class RecordingChainEvents implements ChainEvents {

    /** The kinds of event stream, one per {@link ChainEvents} method. */
    public enum Kind {
        DEAL_STATE_CHANGES,
        MEDIATION_REQUESTS,
        RESULTS_ADDED,
        JOBS_ADDED
    }

    private final EventCursor latest;
    private final List<Stream<?>> streams = new CopyOnWriteArrayList<>();

    /** With {@code latest} as the end of the latest block. */
    public RecordingChainEvents(EventCursor latest) {
        this.latest = latest;
    }

    /** Every stream opened so far, oldest first. */
    public List<Stream<?>> streams() {
        return List.copyOf(streams);
    }

    /** The streams of one kind opened so far, oldest first. */
    public List<Stream<?>> streams(Kind kind) {
        return streams.stream().filter(s -> s.kind == kind).toList();
    }

    /** Where each stream of {@code kind} asked to start, oldest first. */
    public List<EventCursor> from(Kind kind) {
        return streams(kind).stream().map(Stream::position).toList();
    }

    /** Hands {@code event} to the listener of every stream of {@code kind} opened so far. */
    @SuppressWarnings("unchecked")
    public <E> void deliver(Kind kind, ChainEvent<E> event) throws Exception {
        for (Stream<?> stream : streams(kind)) ((Stream<E>) stream).listener.onEvent(event);
    }

    @Override
    public EventStream dealStateChanges(EventCursor after, ChainEventListener<DealStateChanged> listener) {
        return open(Kind.DEAL_STATE_CHANGES, after, listener);
    }

    @Override
    public EventStream mediationRequests(EventCursor after, ChainEventListener<MediationRequested> listener) {
        return open(Kind.MEDIATION_REQUESTS, after, listener);
    }

    @Override
    public EventStream resultsAdded(EventCursor after, ChainEventListener<ResultAdded> listener) {
        return open(Kind.RESULTS_ADDED, after, listener);
    }

    @Override
    public EventStream jobsAdded(EventCursor after, ChainEventListener<JobAdded> listener) {
        return open(Kind.JOBS_ADDED, after, listener);
    }

    @Override
    public EventCursor latest() {
        return latest;
    }

    private <E> Stream<E> open(Kind kind, EventCursor after, ChainEventListener<E> listener) {
        Stream<E> stream = new Stream<>(kind, after, listener);
        streams.add(stream);
        return stream;
    }

    /** One stream a service opened: where it starts, and whether it was started and closed. */
    public static final class Stream<E> implements EventStream {
        private final Kind kind;
        private final EventCursor after;
        private final ChainEventListener<E> listener;
        private volatile boolean started;
        private volatile boolean closed;

        private Stream(Kind kind, EventCursor after, ChainEventListener<E> listener) {
            this.kind = kind;
            this.after = after;
            this.listener = listener;
        }

        public boolean started() {
            return started;
        }

        public boolean closed() {
            return closed;
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
