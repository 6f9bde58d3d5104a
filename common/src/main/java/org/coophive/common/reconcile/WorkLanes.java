package org.coophive.common.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One lane per deal (or job): a pass hands each deal's turn to its lane and goes on, so a deal
 * whose step waits for a receipt (seconds on a busy chain, minutes when a transaction is lost)
 * never holds up the other deals of the service. This is how a reconciler avoids head-of-line
 * blocking; {@link PassLoop} still runs the passes one at a time.
 *
 * <p>Within a lane turns run one at a time, so a deal is never worked on by two threads. A turn
 * offered while the lane is busy replaces any turn already waiting there: when the lane is free it
 * runs the newest one, made from the newest listing (a decision is never taken on a listing older
 * than the wait before it), and a burst of passes costs one more turn. Lanes run on a bounded pool
 * of threads; a turn that throws is logged and the lane goes on.
 *
 * <p>A {@link Turn} that could not go on because another party has not caught up yet (the solver
 * has not recorded the step the chain just made, so it refuses a download or does not know the
 * deal) ends with {@link Outcome#TRY_AGAIN_SOON}: the lane offers it again after a short backoff
 * ({@link RetryBackoff}: 0.2 s, doubling, until the pass interval is as soon), so it does not hang
 * on an event that may never come (the event stream down, or the event heard while the turn was
 * still failing). A turn that ends {@link Outcome#DONE} clears the backoff.
 *
 * <p>{@link #direct()} runs each turn at once on the caller's thread, as a pass did before lanes:
 * for unit tests that drive passes by hand and the one-shot paths; it schedules no retries.
 *
 * <p>As a Spring bean it stops one phase after the {@link PassLoop} that feeds it (no new turns come
 * then): the turns in progress may finish for {@link PassLoop#STOP_GRACE}, then they are
 * interrupted; waiting turns and scheduled retries are dropped (every step is journaled before it
 * is sent, so the next run finishes them).
 */
public final class WorkLanes implements SmartLifecycle, AutoCloseable {

    /** The lifecycle phase: stopped after the pass loop (which stops one phase higher). */
    public static final int PHASE = PassLoop.PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(WorkLanes.class);

    /** What a turn tells its lane when it ends. */
    public enum Outcome {
        /** Nothing to do until the next pass or event. */
        DONE,
        /** Not possible yet, and likely possible in a moment: offered again after a short backoff. */
        TRY_AGAIN_SOON
    }

    /** One turn of a lane that says whether it wants to be tried again soon. */
    @FunctionalInterface
    public interface Turn {
        Outcome run();
    }

    /** A lane's state: the turn running (if any) and the one waiting after it. */
    private static final class Lane {
        boolean running;
        Turn waiting;
    }

    /** A key's retries in a row so far, and the one scheduled (if any). */
    private static final class Retry {
        int attempts;
        ScheduledFuture<?> scheduled;
    }

    private final String name;
    private final ExecutorService pool;
    private final Duration stopGrace;
    private final RetryBackoff backoff;
    private final ScheduledThreadPoolExecutor retryTimer;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Retry> retries = new HashMap<>();
    private volatile boolean stopped;

    private WorkLanes(String name, ExecutorService pool, Duration stopGrace, RetryBackoff backoff) {
        this.name = name;
        this.pool = pool;
        this.stopGrace = stopGrace;
        this.backoff = backoff;
        if (pool == null) {
            this.retryTimer = null;
        } else {
            this.retryTimer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, name + "-retry");
                thread.setDaemon(true);
                return thread;
            });
            retryTimer.setRemoveOnCancelPolicy(true);
            retryTimer.setKeepAliveTime(60, TimeUnit.SECONDS);
            retryTimer.allowCoreThreadTimeOut(true);
        }
    }

    /**
     * Lanes on at most {@code threads} threads named {@code name-N} (started when needed, ended
     * when idle for a minute); turns asking to be tried again soon are, up to 10 s apart.
     */
    public static WorkLanes pooled(String name, int threads) {
        return pooled(name, threads, PassLoop.STOP_GRACE);
    }

    /** As above, letting the turns in progress finish for {@code stopGrace} when stopping. */
    public static WorkLanes pooled(String name, int threads, Duration stopGrace) {
        return pooled(name, threads, stopGrace, RetryBackoff.upTo(Duration.ofSeconds(10)));
    }

    /**
     * As above, a turn asking to be tried again soon offered again after {@code backoff} (usually
     * {@link RetryBackoff#upTo} the pass interval).
     */
    public static WorkLanes pooled(String name, int threads, Duration stopGrace, RetryBackoff backoff) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(backoff, "backoff");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return new WorkLanes(name, pool, stopGrace, backoff);
    }

    /** Runs every turn at once on the caller's thread (lanes in name only, no retries). */
    public static WorkLanes direct() {
        return new WorkLanes("direct", null, Duration.ZERO, RetryBackoff.upTo(Duration.ofSeconds(10)));
    }

    /**
     * Gives {@code key}'s lane a turn: run now if the lane is idle, else after the turn it runs
     * (replacing a turn already waiting). Does nothing once stopped.
     */
    public void offer(String key, Runnable turn) {
        Objects.requireNonNull(turn, "turn");
        offer(key, () -> {
            turn.run();
            return Outcome.DONE;
        });
    }

    /**
     * As {@link #offer(String, Runnable)}; when the turn ends {@link Outcome#TRY_AGAIN_SOON} it is
     * offered again after the backoff (unless a retry of the key is already scheduled).
     */
    public void offer(String key, Turn turn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(turn, "turn");
        if (stopped) return;
        if (pool == null) {
            runLogged(key, turn);
            return;
        }
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            if (lane.running) {
                lane.waiting = turn;
                return;
            }
            lane.running = true;
        }
        dispatch(key, turn);
    }

    /** Whether {@code key}'s lane is running or holding a turn. */
    public boolean busy(String key) {
        synchronized (lanes) {
            return lanes.containsKey(key);
        }
    }

    /** How many lanes are running or holding a turn now. */
    public int busyLanes() {
        synchronized (lanes) {
            return lanes.size();
        }
    }

    /** How many keys have a retry scheduled now. */
    public int retriesScheduled() {
        synchronized (lanes) {
            return (int) retries.values().stream()
                    .filter(retry -> retry.scheduled != null)
                    .count();
        }
    }

    private void dispatch(String key, Turn turn) {
        try {
            pool.execute(() -> drain(key, turn));
        } catch (RejectedExecutionException e) {
            synchronized (lanes) {
                lanes.remove(key); // stopping: the turn is dropped, the next run takes it
            }
        }
    }

    /** Runs the turn, then the lane's waiting turns, until the lane is empty. */
    private void drain(String key, Turn first) {
        Turn turn = first;
        while (turn != null) {
            if (stopped) {
                synchronized (lanes) {
                    lanes.remove(key);
                }
                return;
            }
            Outcome outcome = runLogged(key, turn);
            synchronized (lanes) {
                afterTurn(key, turn, outcome);
                Lane lane = lanes.get(key);
                turn = lane.waiting;
                lane.waiting = null;
                if (turn == null) lanes.remove(key);
            }
        }
    }

    private Outcome runLogged(String key, Turn turn) {
        try {
            Outcome outcome = turn.run();
            return outcome == null ? Outcome.DONE : outcome;
        } catch (RuntimeException e) {
            if (stopped) {
                log.debug("{}: {} cut short by shutdown: {}", name, key, e.toString());
                return Outcome.DONE;
            }
            log.warn("{}: {} failed, tried again on the next pass: {}", name, key, e.toString());
            log.debug("{}: {} failure", name, key, e);
            return Outcome.DONE;
        }
    }

    /** Clears the key's backoff after a turn done, or schedules its retry; called holding the lanes' lock. */
    private void afterTurn(String key, Turn turn, Outcome outcome) {
        if (outcome == Outcome.DONE) {
            Retry done = retries.remove(key);
            if (done != null && done.scheduled != null) done.scheduled.cancel(false);
            return;
        }
        Retry retry = retries.computeIfAbsent(key, k -> new Retry());
        if (retry.scheduled != null || stopped) return; // one is coming: it runs the newest state anyway
        retry.attempts++;
        Optional<Duration> delay = backoff.delay(retry.attempts);
        if (delay.isEmpty()) {
            log.debug("{}: {} not possible yet; left to the periodic pass", name, key);
            return;
        }
        log.debug(
                "{}: {} not possible yet; tried again in {} ms",
                name,
                key,
                delay.get().toMillis());
        try {
            retry.scheduled =
                    retryTimer.schedule(() -> retryNow(key, turn), delay.get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: no more turns wanted; the next run takes the key up again.
        }
    }

    private void retryNow(String key, Turn turn) {
        synchronized (lanes) {
            Retry retry = retries.get(key);
            if (retry != null) retry.scheduled = null;
        }
        offer(key, turn);
    }

    @Override
    public void start() {
        // Turns start as they are offered.
    }

    /**
     * Takes no further turns; those in progress may finish for the stop grace, then they are
     * interrupted. Idempotent.
     */
    @Override
    public void stop() {
        stopped = true;
        if (pool == null) return;
        retryTimer.shutdownNow();
        GracefulShutdown.drain(pool, stopGrace, log, name, "turns");
    }

    @Override
    public boolean isRunning() {
        return !stopped;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void close() {
        stop();
    }
}
