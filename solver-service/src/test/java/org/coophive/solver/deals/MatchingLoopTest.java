package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatchingLoopTest {

    /** A pass that can be held inside its run until released. */
    private static final class HeldPass implements Runnable {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean failNext;

        @Override
        public void run() {
            runs.incrementAndGet();
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("database gone");
            }
        }
    }

    private MatchingLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) loop.stop();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void shouldRunOnePassAtStart() throws InterruptedException {
        HeldPass pass = new HeldPass();
        pass.release.countDown();
        loop = new MatchingLoop(pass, Duration.ofHours(1));

        loop.start();

        assertThat(pass.entered.await(10, TimeUnit.SECONDS)).isTrue();
        await("the first pass to finish", () -> pass.runs.get() == 1);
    }

    @Test
    void shouldRunAtMostOneMorePassWhenManyTriggersArriveDuringAPass() throws InterruptedException {
        HeldPass pass = new HeldPass();
        loop = new MatchingLoop(pass, Duration.ofHours(1));
        loop.start();
        assertThat(pass.entered.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 100; i++) loop.trigger();
        pass.release.countDown();

        await("the coalesced pass", () -> pass.runs.get() == 2);
        // One more trigger after both passes ran gives exactly one more pass, not a backlog.
        loop.trigger();
        await("the pass after it", () -> pass.runs.get() == 3);
        loop.stop();
        assertThat(pass.runs.get()).isEqualTo(3);
    }

    @Test
    void shouldKeepRunningPassesWhenOneThrows() throws InterruptedException {
        HeldPass pass = new HeldPass();
        pass.failNext = true;
        pass.release.countDown();
        loop = new MatchingLoop(pass, Duration.ofHours(1));
        loop.start();
        await("the failing first pass", () -> pass.runs.get() == 1);

        loop.trigger();

        await("a pass after the failure", () -> pass.runs.get() == 2);
    }

    @Test
    void shouldPassAgainEveryIntervalWithoutTriggers() throws InterruptedException {
        HeldPass pass = new HeldPass();
        pass.release.countDown();
        loop = new MatchingLoop(pass, Duration.ofMillis(20));

        loop.start();

        await("three timed passes", () -> pass.runs.get() >= 3);
    }

    @Test
    void shouldIgnoreTriggersWhenStopped() {
        HeldPass pass = new HeldPass();
        loop = new MatchingLoop(pass, Duration.ofHours(1));

        loop.trigger();

        assertThat(pass.runs.get()).isZero();
        assertThat(loop.isRunning()).isFalse();
    }
}
