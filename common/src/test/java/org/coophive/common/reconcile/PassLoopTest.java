package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;

class PassLoopTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void shouldFoldTriggersDuringAPassIntoExactlyOneMorePass() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable pass = () -> {
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                await(release);
            }
        };
        try (PassLoop loop = new PassLoop("test-loop", LONG, pass)) {
            loop.start(); // the first periodic pass runs at once
            assertThat(inFirstPass.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) loop.trigger();
            release.countDown();
            Await.until(Duration.ofSeconds(10), "the folded pass", () -> loop.passes() == 2);

            loop.trigger();
            Await.until(Duration.ofSeconds(10), "one more pass", () -> loop.passes() == 3);
            assertThat(passes.get()).isEqualTo(3);
        }
    }

    @Test
    void shouldPassAgainOnThePeriodWithoutTriggers() {
        AtomicInteger passes = new AtomicInteger();
        try (PassLoop loop = new PassLoop("test-loop", Duration.ofMillis(20), passes::incrementAndGet)) {
            loop.start();
            Await.until(Duration.ofSeconds(10), "three periodic passes", () -> passes.get() >= 3);
        }
    }

    @Test
    void shouldKeepPassingWhenAPassFails() {
        AtomicInteger passes = new AtomicInteger();
        try (PassLoop loop = new PassLoop("test-loop", Duration.ofMillis(20), () -> {
            passes.incrementAndGet();
            throw new IllegalStateException("solver down");
        })) {
            loop.start();
            Await.until(Duration.ofSeconds(10), "three failed passes", () -> loop.failures() >= 3);
            assertThat(loop.isRunning()).isTrue();
        }
    }

    @Test
    void shouldIgnoreTriggersBeforeStartAndAfterStop() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        PassLoop loop = new PassLoop("test-loop", LONG, passes::incrementAndGet);
        loop.trigger();
        assertThat(loop.isRunning()).isFalse();

        loop.start();
        Await.until(Duration.ofSeconds(10), "the first pass", () -> loop.passes() == 1);
        loop.stop();
        loop.trigger();
        loop.start(); // a stopped loop does not start again

        assertThat(loop.isRunning()).isFalse();
        assertThat(passes.get()).isEqualTo(1);
    }

    @Test
    void shouldLetThePassInProgressFinishWhenStopped() throws Exception {
        CountDownLatch inPass = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger passes = new AtomicInteger();
        PassLoop loop = new PassLoop("test-loop", LONG, Duration.ofSeconds(10), () -> {
            passes.incrementAndGet();
            inPass.countDown();
            sleepUninterrupted(Duration.ofMillis(300));
            finished.set(true);
        });
        loop.start();
        assertThat(inPass.await(10, TimeUnit.SECONDS)).isTrue();
        loop.trigger(); // queued behind the pass in progress: dropped by the stop

        loop.stop();

        assertThat(finished).as("the pass in progress ran to its end").isTrue();
        assertThat(passes.get()).as("no pass after the stop").isEqualTo(1);
    }

    @Test
    void shouldInterruptAPassThatOutlivesTheStopGrace() throws Exception {
        CountDownLatch inPass = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        PassLoop loop = new PassLoop("test-loop", LONG, Duration.ofMillis(100), () -> {
            inPass.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        loop.start();
        assertThat(inPass.await(10, TimeUnit.SECONDS)).isTrue();
        long before = System.nanoTime();

        loop.stop();

        assertThat(interrupted).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefuseANonPositiveInterval() {
        assertThatThrownBy(() -> new PassLoop("test-loop", Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pass's own work, which an interrupt would not cut short in a real pass either. */
    private static void sleepUninterrupted(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted within the stop grace", e);
            }
        }
    }
}
