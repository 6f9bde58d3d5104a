package org.coophive.common.chain;

import java.util.Objects;

/**
 * One event as a stream delivers it: the decoded event and where it is in the chain.
 *
 * @param event the decoded event
 * @param cursor its position; store it once the event is handled and resume from it
 * @param txHash the transaction that emitted it
 * @param blockHash the block it is in
 * @param <T> the event type
 */
public record ChainEvent<T>(T event, EventCursor cursor, String txHash, String blockHash) {

    public ChainEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(txHash, "txHash");
    }
}
