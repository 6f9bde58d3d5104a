package org.coophive.common.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline (shared through the common test-jar): the one way a test
 * waits for something another thread or process does, instead of sleeping for a fixed time.
 */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {}

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}, or
     *     when the thread is interrupted (its interrupt flag is kept)
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
