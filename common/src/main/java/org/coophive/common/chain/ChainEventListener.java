package org.coophive.common.chain;

/**
 * Handles the events of one stream, one at a time, in chain order, on the stream's thread.
 *
 * <p>If it throws, the stream logs the failure and delivers the same event again on its next
 * poll, and nothing after it until it succeeds: events are delivered at least once, never
 * skipped. A listener must therefore be idempotent (compare the event's cursor with the last one
 * it stored) and must not throw for an event it can never handle, or the stream stops there.
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface ChainEventListener<T> {

    void onEvent(ChainEvent<T> event) throws Exception;

    /**
     * The chain's history changed below events this stream delivered (a reorganisation, a
     * rollback, also one that happened while the service was stopped): the stream goes back to
     * {@code forkPoint} and delivers the events after it again, as the new branch has them. Events
     * delivered after {@code forkPoint} may be gone for good; a listener that keeps state learnt from
     * them corrects it here (reading the chain's state). Called before the stream moves back; if it
     * throws, the stream stays where it was and calls it again on its next poll. Does nothing by
     * default: a listener that only triggers work that reads the chain needs nothing more.
     *
     * @param forkPoint the position the stream reads again after; every event after it is delivered again
     */
    default void onRewind(EventCursor forkPoint) throws Exception {}
}
