package org.coophive.common.chain;

/**
 * A running subscription to one kind of event: a thread that polls the chain and hands each new
 * event to a {@link ChainEventListener}. Made by {@link ChainEvents} unstarted; {@link #start()}
 * starts it, {@link #close()} stops it (waiting for a delivery in progress to finish). A stopped
 * stream cannot be restarted: make a new one from {@link #position()}.
 */
public interface EventStream extends AutoCloseable {

    /** Starts polling. */
    void start();

    /** Whether it is polling. */
    boolean isRunning();

    /**
     * Where the stream stands: the cursor of the last event its listener handled, or the cursor
     * it started from.
     */
    EventCursor position();

    /**
     * {@link #position()} with the hash of its block, what to save so that a stream started from it
     * again notices a reorganisation that happened meanwhile; the hash is {@code ""} while not known.
     */
    default EventCheckpoint checkpoint() {
        return EventCheckpoint.unchecked(position());
    }

    /** Stops polling and waits for a delivery in progress. Idempotent. */
    @Override
    void close();
}
