package org.coophive.common.reconcile;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * How the kit's loops stop their threads: the work in progress gets a grace period to finish its
 * step, then it is interrupted and gets the same period again. A step cut short is safe: the
 * journal takes it again after the next start.
 */
final class GracefulShutdown {

    private GracefulShutdown() {}

    /**
     * Shuts {@code pool} down (already {@link ExecutorService#shutdown() shut down} is fine) and waits
     * as described above.
     *
     * @param what what is still running, for the log line (e.g. "pass", "turns")
     */
    static void drain(ExecutorService pool, Duration grace, Logger log, String name, String what) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("{}: {} still running after {} ms, interrupting", name, what, grace.toMillis());
                pool.shutdownNow();
                pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
