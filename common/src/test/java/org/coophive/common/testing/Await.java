package org.coophive.common.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline (shared through the common test-jar): the one way a test
 * waits for something another thread or process does, instead of sleeping for a fixed time.
 */
public final class Await {

    private static final long POLL_MILLIS = 10;
    /** How often {@link #until(String, Duration, Supplier, Probe)} asks: its probes cross processes. */
    private static final long PROBE_MILLIS = 50;

    /** A look at something that may not be there yet: null (or an exception) means not yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

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

    /**
     * Returns the first value {@code probe} gives that is not null, asking every {@value
     * #PROBE_MILLIS} ms; a probe that throws counts as not yet (a service still starting).
     *
     * @param what what is awaited, for the failure message
     * @param context what else the failure message shows (e.g. the services' logs), read only then
     * @throws AssertionError naming {@code what}, the last error and the context when no value comes
     *     within {@code timeout}
     */
    public static <T> T until(String what, Duration timeout, Supplier<String> context, Probe<T> probe)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) return value;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")") + context.get());
            }
            Thread.sleep(PROBE_MILLIS);
        }
    }
}
