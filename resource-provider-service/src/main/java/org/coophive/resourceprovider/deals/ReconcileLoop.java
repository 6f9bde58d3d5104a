package org.coophive.resourceprovider.deals;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciler passes one at a time on one thread: every {@code interval}, and soon after each
 * {@link #trigger()} (events, a job ending). Triggers that arrive during a pass are folded into one
 * more pass after it.
 */
final class ReconcileLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

    private final Runnable pass;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private volatile boolean started;

    ReconcileLoop(Runnable pass, Duration interval) {
        this.pass = pass;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rp-reconciler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the periodic passes, the first at once. */
    synchronized void start() {
        if (started) return;
        started = true;
        scheduler.scheduleWithFixedDelay(this::trigger, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; does nothing before {@link #start()} or after {@link #close()}. */
    void trigger() {
        if (!started || scheduler.isShutdown()) return;
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing: no more passes.
            }
        }
    }

    /** Passes completed so far. */
    long passes() {
        return passes.get();
    }

    private void run() {
        queued.set(false);
        try {
            pass.run();
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                log.debug("reconciler pass cut short by shutdown: {}", e.toString());
                return;
            }
            log.warn(
                    "reconciler pass failed; retrying in {} ms or at the next event: {}",
                    interval.toMillis(),
                    e.toString());
            log.debug("reconciler pass failure", e);
        } finally {
            passes.incrementAndGet();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
