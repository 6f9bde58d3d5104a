package org.coophive.solver.deals;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the matching pass on one thread: once at start, then every {@code matchInterval}, and
 * whenever {@link #trigger()} is called (a new offer, a withdrawal, a chain update). Triggers
 * coalesce: while a pass runs, any number of triggers cause at most one more pass, which sees
 * all their changes. A failing pass is logged and the loop carries on.
 */
public class MatchingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MatchingLoop.class);

    private final Runnable pass;
    private final Duration interval;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    MatchingLoop(Runnable pass, Duration interval) {
        this.pass = Objects.requireNonNull(pass, "pass");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Asks for a pass soon; returns at once. Coalesces with a pass already asked for. */
    public void trigger() {
        ScheduledExecutorService current = executor;
        if (current == null || !pending.compareAndSet(false, true)) return;
        try {
            current.execute(this::runPending);
        } catch (RejectedExecutionException e) {
            // Stopped between the check and here: no more passes are wanted.
            pending.set(false);
        }
    }

    private void runPending() {
        // Cleared before the pass, so a trigger during the pass queues exactly one more.
        pending.set(false);
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.error("matching pass failed; the next pass tries again", e);
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "solver-matching");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::trigger, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("matching every {} and on every change", interval);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = executor;
        if (current == null) return;
        executor = null;
        current.shutdownNow();
        try {
            if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a matching pass did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
