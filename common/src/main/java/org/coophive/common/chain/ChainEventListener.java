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
}
