package org.coophive.common.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>{@link #direct()} runs each turn at once on the caller's thread, as a pass did before lanes:
 * for unit tests that drive passes by hand and the one-shot paths.
 *
 * <p>As a Spring bean it stops one phase after the {@link PassLoop} that feeds it (no new turns come
 * then): the turns in progress may finish for {@link PassLoop#STOP_GRACE}, then they are
 * interrupted; waiting turns are dropped (every step is journaled before it is sent, so the next
 * run finishes them).
 */
public final class WorkLanes implements SmartLifecycle, AutoCloseable {

    /** The lifecycle phase: stopped after the pass loop (which stops one phase higher). */
    public static final int PHASE = PassLoop.PHASE - 1;

    private static final Logger log = LoggerFactory.getLogger(WorkLanes.class);

    /** A lane's state: the turn running (if any) and the one waiting after it. */
    private static final class Lane {
        boolean running;
        Runnable waiting;
    }

    private final String name;
    private final ExecutorService pool;
    private final Duration stopGrace;
    private final Map<String, Lane> lanes = new HashMap<>();
    private volatile boolean stopped;

    private WorkLanes(String name, ExecutorService pool, Duration stopGrace) {
        this.name = name;
        this.pool = pool;
        this.stopGrace = stopGrace;
    }

    /**
     * Lanes on at most {@code threads} threads named {@code name-N} (started when needed, ended
     * when idle for a minute).
     */
    public static WorkLanes pooled(String name, int threads) {
        return pooled(name, threads, PassLoop.STOP_GRACE);
    }

    /** As above, letting the turns in progress finish for {@code stopGrace} when stopping. */
    public static WorkLanes pooled(String name, int threads, Duration stopGrace) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return new WorkLanes(name, pool, stopGrace);
    }

    /** Runs every turn at once on the caller's thread (lanes in name only). */
    public static WorkLanes direct() {
        return new WorkLanes("direct", null, Duration.ZERO);
    }

    /**
     * Gives {@code key}'s lane a turn: run now if the lane is idle, else after the turn it runs
     * (replacing a turn already waiting). Does nothing once stopped.
     */
    public void offer(String key, Runnable turn) {
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

    private void dispatch(String key, Runnable turn) {
        try {
            pool.execute(() -> drain(key, turn));
        } catch (RejectedExecutionException e) {
            synchronized (lanes) {
                lanes.remove(key); // stopping: the turn is dropped, the next run takes it
            }
        }
    }

    /** Runs the turn, then the lane's waiting turns, until the lane is empty. */
    private void drain(String key, Runnable first) {
        Runnable turn = first;
        while (turn != null) {
            if (stopped) {
                synchronized (lanes) {
                    lanes.remove(key);
                }
                return;
            }
            runLogged(key, turn);
            synchronized (lanes) {
                Lane lane = lanes.get(key);
                turn = lane.waiting;
                lane.waiting = null;
                if (turn == null) lanes.remove(key);
            }
        }
    }

    private void runLogged(String key, Runnable turn) {
        try {
            turn.run();
        } catch (RuntimeException e) {
            if (stopped) {
                log.debug("{}: {} cut short by shutdown: {}", name, key, e.toString());
                return;
            }
            log.warn("{}: {} failed, tried again on the next pass: {}", name, key, e.toString());
            log.debug("{}: {} failure", name, key, e);
        }
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
