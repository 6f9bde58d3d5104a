package org.coophive.solver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.coophive.common.solver.SolverProblemType;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, 3, nanos::get);

    @Test
    void shouldAnswer429WithRetryAfterWhenAClientSpendsItsBurstAndServeItAgainOnceRefilled() {
        for (int i = 0; i < 3; i++) limiter.acquire("a");

        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(SolverProblemType.TOO_MANY_REQUESTS);
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        });
        limiter.acquire("b"); // another client is not affected

        nanos.addAndGet(100_000_000L); // 0.1 s: one request's worth at 10 per second
        limiter.acquire("a");
        assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(ProblemException.class);
    }

    @Test
    void shouldNeverRefuseWhenTheLimitIsOff() {
        RateLimiter off = new RateLimiter(0, 1, nanos::get);
        for (int i = 0; i < 1000; i++) off.acquire("a");
    }
}
