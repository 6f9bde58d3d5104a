package org.coophive.resourceprovider.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {

    @Test
    void shouldFoldTriggersDuringAPassIntoOneMorePass() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable pass = () -> {
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (ReconcileLoop loop = new ReconcileLoop(pass, Duration.ofHours(1))) {
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
    void shouldKeepPassingWhenAPassFails() {
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop(
                () -> {
                    passes.incrementAndGet();
                    throw new IllegalStateException("solver down");
                },
                Duration.ofMillis(20))) {
            loop.start();
            Await.until(Duration.ofSeconds(10), "three passes", () -> passes.get() >= 3);
        }
    }

    @Test
    void shouldIgnoreTriggersWhenNotStarted() {
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop(passes::incrementAndGet, Duration.ofHours(1))) {
            loop.trigger();
            loop.close();
            assertThat(passes.get()).isZero();
        }
    }
}
