package org.coophive.systemtests;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline (never a fixed sleep); a timeout fails with what the services logged. */
final class Await {

    /** A probe that may throw; null means not yet. */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    private Await() {}

    static <T> T until(String what, Duration timeout, Supplier<String> logs, Probe<T> probe)
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
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")") + logs.get());
            }
            Thread.sleep(50);
        }
    }
}
