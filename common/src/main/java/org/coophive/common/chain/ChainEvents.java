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

    /** The end of the latest block: a stream from here delivers only events still to come. */
    EventCursor latest();
}
