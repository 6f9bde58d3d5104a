package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
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

    @Test
    void shouldRunOnePassAtStart() throws InterruptedException {
        HeldPass pass = new HeldPass();
        pass.release.countDown();
        loop = new MatchingLoop(pass, Duration.ofHours(1));

        loop.start();

        assertThat(pass.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Await.until(Duration.ofSeconds(10), "the first pass to finish", () -> pass.runs.get() == 1);
    }

    @Test
    void shouldRunAtMostOneMorePassWhenManyTriggersArriveDuringAPass() throws InterruptedException {
        HeldPass pass = new HeldPass();
        loop = new MatchingLoop(pass, Duration.ofHours(1));
        loop.start();
        assertThat(pass.entered.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 100; i++) loop.trigger();
        pass.release.countDown();

        Await.until(Duration.ofSeconds(10), "the coalesced pass", () -> pass.runs.get() == 2);
        // One more trigger after both passes ran gives exactly one more pass, not a backlog.
        loop.trigger();
        Await.until(Duration.ofSeconds(10), "the pass after it", () -> pass.runs.get() == 3);
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
        Await.until(Duration.ofSeconds(10), "the failing first pass", () -> pass.runs.get() == 1);

        loop.trigger();

        Await.until(Duration.ofSeconds(10), "a pass after the failure", () -> pass.runs.get() == 2);
    }

    @Test
    void shouldPassAgainEveryIntervalWithoutTriggers() throws InterruptedException {
        HeldPass pass = new HeldPass();
        pass.release.countDown();
        loop = new MatchingLoop(pass, Duration.ofMillis(20));

        loop.start();

        Await.until(Duration.ofSeconds(10), "three timed passes", () -> pass.runs.get() >= 3);
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
