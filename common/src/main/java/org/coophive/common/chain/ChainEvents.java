package org.coophive.common.chain;

/**
 * Typed, resumable streams of the contract events services react to. Each stream delivers the
 * events after a given {@link EventCursor}, in chain order, each with its own cursor, so that a
 * service that stores the cursor of the last event it handled misses nothing across a restart.
 * An interface so that service tests can feed events by hand; {@link PollingChainEvents} reads
 * them from a node.
 */
public interface ChainEvents {

    /** Storage {@code DealStateChange}: a deal moved to a new state (not emitted by the first agree). */
    EventStream dealStateChanges(EventCursor after, ChainEventListener<DealStateChanged> listener);

    /** Mediation {@code MediationRequested}: the JC checked a deal's results and a mediator was picked. */
    EventStream mediationRequests(EventCursor after, ChainEventListener<MediationRequested> listener);

    /** Storage {@code ResultAdded}: the RP committed to results. */
    EventStream resultsAdded(EventCursor after, ChainEventListener<ResultAdded> listener);

    /** On-chain job creator {@code JobAdded}: a contract asked for a job. */
    EventStream jobsAdded(EventCursor after, ChainEventListener<JobAdded> listener);

    /**
     * {@link #dealStateChanges(EventCursor, ChainEventListener)} from a saved checkpoint: when the
     * checkpoint's block is no longer in the chain (reorganised while the service was stopped), the
     * stream reads again from before it and tells the listener ({@link ChainEventListener#onRewind}).
     */
    default EventStream dealStateChanges(EventCheckpoint after, ChainEventListener<DealStateChanged> listener) {
        return dealStateChanges(after.cursor(), listener);
    }

    /** {@link #mediationRequests(EventCursor, ChainEventListener)} from a saved checkpoint, checked as above. */
    default EventStream mediationRequests(EventCheckpoint after, ChainEventListener<MediationRequested> listener) {
        return mediationRequests(after.cursor(), listener);
    }

    /** {@link #resultsAdded(EventCursor, ChainEventListener)} from a saved checkpoint, checked as above. */
    default EventStream resultsAdded(EventCheckpoint after, ChainEventListener<ResultAdded> listener) {
        return resultsAdded(after.cursor(), listener);
    }

    /** {@link #jobsAdded(EventCursor, ChainEventListener)} from a saved checkpoint, checked as above. */
    default EventStream jobsAdded(EventCheckpoint after, ChainEventListener<JobAdded> listener) {
        return jobsAdded(after.cursor(), listener);
    }

    /** The end of the latest block: a stream from here delivers only events still to come. */
    EventCursor latest();
}
