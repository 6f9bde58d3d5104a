package org.coophive.common.chain;

import java.util.Comparator;

/**
 * A position in the chain's log, between two events: a stream started from a cursor delivers the
 * events strictly after it. Each delivered event carries its own cursor; a service that stores
 * the cursor of the last event it handled and restarts from it receives exactly the events it
 * has not handled, and can recognise a redelivered one by comparing cursors.
 *
 * @param blockNumber the block of the event
 * @param logIndex the event's index in its block; {@code -1} before the block's first event
 */
public record EventCursor(long blockNumber, long logIndex) implements Comparable<EventCursor> {

    /** Before everything: a stream from here delivers every event ever emitted. */
    public static final EventCursor GENESIS = startOf(0);

    private static final Comparator<EventCursor> ORDER =
            Comparator.comparingLong(EventCursor::blockNumber).thenComparingLong(EventCursor::logIndex);

    public EventCursor {
        if (blockNumber < 0) throw new IllegalArgumentException("blockNumber must not be negative: " + blockNumber);
        if (logIndex < -1) throw new IllegalArgumentException("logIndex must be -1 or more: " + logIndex);
    }

    /** Before the first event of {@code blockNumber}: a stream from here starts with that block. */
    public static EventCursor startOf(long blockNumber) {
        return new EventCursor(blockNumber, -1);
    }

    /** After the last event of {@code blockNumber}: a stream from here starts with the next block. */
    public static EventCursor endOf(long blockNumber) {
        return new EventCursor(blockNumber, Long.MAX_VALUE);
    }

    /** Whether this position is after {@code other}. */
    public boolean isAfter(EventCursor other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(EventCursor other) {
        return ORDER.compare(this, other);
    }
}
