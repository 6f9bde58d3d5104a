package org.coophive.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.chain.ChainUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class TimedHealthIndicatorTest {

    private static final String ADDRESS = "0x" + "a".repeat(40);

    /** A chain head whose node answers {@code block}, or hangs until released when {@code block} is negative. */
    private static ChainHead chain(long block, CountDownLatch release) {
        return (ChainHead) Proxy.newProxyInstance(
                ChainHead.class.getClassLoader(), new Class<?>[] {ChainHead.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "address":
                            return ADDRESS;
                        case "blockNumber":
                            if (block >= 0) return block;
                            release.await();
                            throw new ChainUnavailableException("released", null);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void shouldShowTheBlockAndAddressWhenTheNodeAnswers() {
        Health health =
                TimedHealthIndicator.chain(chain(42, new CountDownLatch(0))).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("block", 42L).containsEntry("address", ADDRESS);
    }

    @Test
    void shouldAnswerDownWithinTheDeadlineWhenTheNodeHangs() {
        CountDownLatch release = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            Health health = TimedHealthIndicator.chain(chain(-1, release)).health();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(TimedHealthIndicator.DEADLINE.plusSeconds(2));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "no answer within 2000 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldAnswerDownWithTheReasonWhenTheCheckFails() {
        Health health = new TimedHealthIndicator(Duration.ofSeconds(1), () -> {
                    throw new IllegalStateException("the solver cannot be reached");
                })
                .health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "the solver cannot be reached");
    }
}
