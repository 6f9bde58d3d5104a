package org.coophive.jobcreator.deals;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's passes on one thread: every {@code interval}, and sooner whenever
 * {@link #trigger()} is called (a solver or chain event). Triggers that arrive while a pass is
 * queued are merged into it, so a burst of events costs one extra pass.
 */
public final class EngineLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);

    private final JobCreatorEngine engine;
    private final Duration interval;
    private final Consumer<PassReport> reports;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();

    public EngineLoop(JobCreatorEngine engine, Duration interval, Consumer<PassReport> reports) {
        this.engine = engine;
        this.interval = interval;
        this.reports = reports;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jobcreator-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the periodic passes, the first at once. */
    public void start() {
        executor.scheduleWithFixedDelay(this::runPass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass as soon as possible. */
    public void trigger() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    runPass();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing: no more passes.
                queued.set(false);
            }
        }
    }

    private void runPass() {
        try {
            reports.accept(engine.pass());
        } catch (RuntimeException e) {
            log.error("engine pass failed: {}", e.toString(), e);
        }
    }

    /** Stops passing; a pass in progress finishes first (for up to 30 s). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
