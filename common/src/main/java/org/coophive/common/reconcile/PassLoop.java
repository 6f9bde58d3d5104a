package org.coophive.common.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a reconciler's passes one at a time on one thread: every {@code interval} (the first at
 * once) and soon after each {@link #trigger()} (a solver or chain event, a job ending). Triggers
 * that arrive while a pass runs or is queued are folded into exactly one more pass after it, so a
 * burst of events costs one pass, and an event during a pass is never lost.
 *
 * <p>A pass that throws is logged and the loop goes on: the next period or trigger runs the next
 * pass. {@link #stop()} runs no further pass and lets the pass in progress finish for up to
 * {@link #STOP_GRACE} before interrupting it (every step is journaled before it is sent, so an
 * interrupted pass is finished by the next run).
 *
 * <p>As a Spring bean it starts with the application and stops before the clients it uses are
 * closed; it starts one phase before {@link ReconcileTriggers} and stops one phase after them.
 */
public final class PassLoop implements SmartLifecycle, AutoCloseable {

    /** How long {@link #stop()} waits for a pass in progress before interrupting it. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** The lifecycle phase of a loop; {@link ReconcileTriggers} run one phase later. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(PassLoop.class);

    private final String name;
    private final Duration interval;
    private final Duration stopGrace;
    private final Runnable pass;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;

    /**
     * @param name names the thread and the log lines, e.g. {@code rp-reconciler}
     * @param interval the time between the end of one pass and the start of the periodic next
     * @param pass one pass of the reconciler
     */
    public PassLoop(String name, Duration interval, Runnable pass) {
        this(name, interval, STOP_GRACE, pass);
    }

    /** As above, waiting {@code stopGrace} for a pass in progress when stopping. */
    public PassLoop(String name, Duration interval, Duration stopGrace, Runnable pass) {
        this.name = Objects.requireNonNull(name, "name");
        this.interval = requirePositive(interval, "interval");
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
        this.pass = Objects.requireNonNull(pass, "pass");
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        // Stopping drops queued passes (and run() skips one already due): only the one in progress
        // may finish.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Starts the periodic passes, the first at once. Does nothing once started or stopped. */
    @Override
    public synchronized void start() {
        if (running || scheduler.isShutdown()) return;
        running = true;
        scheduler.scheduleWithFixedDelay(this::trigger, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon; does nothing before {@link #start()} or after {@link #stop()}. */
    public void trigger() {
        if (!running) return;
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::run);
            } catch (RejectedExecutionException e) {
                queued.set(false); // stopping: no more passes wanted
            }
        }
    }

    /** Passes completed so far (failed ones included). */
    public long passes() {
        return passes.get();
    }

    /** Passes that threw so far. */
    public long failures() {
        return failures.get();
    }

    private void run() {
        // Cleared before the pass: a trigger from now on queues one more pass after this one.
        queued.set(false);
        if (!running) return; // queued before a stop, and due: the executor would still run it
        try {
            pass.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            if (!running) {
                log.debug("{}: pass cut short by shutdown: {}", name, e.toString());
                return;
            }
            log.warn(
                    "{}: pass failed; next one in {} s or at the next event: {}",
                    name,
                    interval.toSeconds(),
                    e.toString());
            log.debug("{}: pass failure", name, e);
        } finally {
            passes.incrementAndGet();
        }
    }

    /**
     * Runs no further pass; the pass in progress may finish for up to the stop grace, then it is
     * interrupted. Returns once the loop's thread is done (or after twice the grace). Idempotent.
     */
    @Override
    public void stop() {
        synchronized (this) {
            running = false;
            scheduler.shutdown();
        }
        GracefulShutdown.drain(scheduler, stopGrace, log, name, "pass");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void close() {
        stop();
    }

    private static Duration requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero())
            throw new IllegalArgumentException(what + " must be positive: " + value);
        return value;
    }
}
