package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;

class WorkLanesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldRunOtherLanesWhileOneLaneWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        try (WorkLanes lanes = WorkLanes.pooled("test-lane", 4)) {
            lanes.offer("slow", () -> {
                waiting.countDown();
                await(release);
                done.add("slow");
            });
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            lanes.offer("a", () -> done.add("a"));
            lanes.offer("b", () -> done.add("b"));

            Await.until(WAIT, "the other lanes' turns", () -> done.containsAll(List.of("a", "b")));
            assertThat(done).doesNotContain("slow");
            release.countDown();
            Await.until(WAIT, "the slow lane's turn", () -> done.contains("slow"));
        }
    }

    @Test
    void shouldRunOneTurnOfALaneAtATimeAndOnlyTheNewestOfThoseWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (WorkLanes lanes = WorkLanes.pooled("test-lane", 4)) {
            for (int i = 0; i < 5; i++) {
                int turn = i;
                lanes.offer("deal", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    if (turn == 0) {
                        first.countDown();
                        await(release);
                    }
                    ran.add(turn);
                    inside.decrementAndGet();
                });
                if (i == 0) assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(lanes.busy("deal")).isTrue();
            release.countDown();
            Await.until(WAIT, "the lane to empty", () -> !lanes.busy("deal"));

            assertThat(ran).containsExactly(0, 4);
            assertThat(most.get()).isEqualTo(1);
        }
    }

    @Test
    void shouldGoOnWithALaneAfterATurnFails() {
        List<String> done = new CopyOnWriteArrayList<>();
        try (WorkLanes lanes = WorkLanes.pooled("test-lane", 1)) {
            lanes.offer("deal", () -> {
                throw new IllegalStateException("solver down");
            });
            Await.until(WAIT, "the failed turn to end", () -> !lanes.busy("deal"));
            lanes.offer("deal", () -> done.add("next"));
            Await.until(WAIT, "the next turn", () -> done.contains("next"));
        }
    }

    @Test
    void shouldRunTurnsOnTheCallersThreadWhenDirect() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        WorkLanes lanes = WorkLanes.direct();

        lanes.offer("a", () -> threads.add(Thread.currentThread()));
        lanes.offer("a", () -> {
            throw new IllegalStateException("logged, not thrown");
        });
        lanes.offer("b", () -> threads.add(Thread.currentThread()));

        assertThat(threads).containsExactly(Thread.currentThread(), Thread.currentThread());
    }

    @Test
    void shouldTakeNoTurnsOnceStoppedAndInterruptATurnOverTheGrace() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger after = new AtomicInteger();
        WorkLanes lanes = WorkLanes.pooled("test-lane", 2, Duration.ofMillis(100));
        lanes.offer("stuck", () -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis()); // a turn that would outlive the grace
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        lanes.stop();
        lanes.offer("late", after::incrementAndGet);

        assertThat(interrupted.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(lanes.isRunning()).isFalse();
        assertThat(after.get()).isZero();
    }

    @Test
    void shouldTryATurnAgainSoonWhenItCouldNotGoOnYet() {
        AtomicInteger tries = new AtomicInteger();
        try (WorkLanes lanes =
                WorkLanes.pooled("test-lane", 1, Duration.ofMillis(100), RetryBackoff.upTo(Duration.ofHours(1)))) {
            // e.g. the solver refuses a download twice, until it has recorded what the chain said
            lanes.offer(
                    "deal",
                    () -> tries.incrementAndGet() < 3 ? WorkLanes.Outcome.TRY_AGAIN_SOON : WorkLanes.Outcome.DONE);

            // No pass, no event: only the lane's own retries (0.2 s, then 0.4 s) bring the third try.
            Await.until(WAIT, "the third try", () -> tries.get() == 3);
            Await.until(WAIT, "no retry left once done", () -> lanes.retriesScheduled() == 0 && lanes.busyLanes() == 0);
            assertThat(tries).hasValue(3);
        }
    }

    @Test
    void shouldDropAScheduledRetryWhenAnotherTurnOfTheLaneIsDone() {
        AtomicInteger tries = new AtomicInteger();
        try (WorkLanes lanes = WorkLanes.pooled(
                "test-lane", 1, Duration.ofMillis(100), new RetryBackoff(Duration.ofMinutes(5), Duration.ofHours(1)))) {
            lanes.offer("deal", () -> {
                tries.incrementAndGet();
                return WorkLanes.Outcome.TRY_AGAIN_SOON;
            });
            Await.until(WAIT, "a retry scheduled", () -> lanes.retriesScheduled() == 1);

            lanes.offer("deal", tries::incrementAndGet); // e.g. the event that made it possible: done

            Await.until(WAIT, "the retry dropped", () -> lanes.retriesScheduled() == 0 && lanes.busyLanes() == 0);
            assertThat(tries).hasValue(2);
        }
    }

    @Test
    void shouldDoubleTheRetryDelayUntilThePassComesAsSoon() {
        RetryBackoff backoff = RetryBackoff.upTo(Duration.ofSeconds(10));

        assertThat(backoff.delay(1)).contains(Duration.ofMillis(200));
        assertThat(backoff.delay(2)).contains(Duration.ofMillis(400));
        assertThat(backoff.delay(6)).contains(Duration.ofMillis(6400));
        assertThat(backoff.delay(7)).isEmpty(); // 12.8 s: the 10 s pass comes first
        assertThat(backoff.delay(1000)).isEmpty();
        assertThat(RetryBackoff.upTo(Duration.ofMillis(100)).delay(1)).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
