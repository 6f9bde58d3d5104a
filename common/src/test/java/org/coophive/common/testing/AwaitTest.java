package org.coophive.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void shouldReturnOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();

        Await.until(Duration.ofSeconds(5), "the third poll", () -> polls.incrementAndGet() >= 3);

        assertThat(polls).hasValue(3);
    }

    @Test
    void shouldFailNamingWhatItWaitedForWhenTheDeadlinePasses() {
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(30), "the moon", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.03S waiting for the moon");
    }

    @Test
    void shouldReturnTheFirstValueAndTreatAThrowingProbeAsNotYet() throws Exception {
        AtomicInteger probes = new AtomicInteger();

        String value = Await.until("a started service", Duration.ofSeconds(5), () -> "", () -> {
            int probe = probes.incrementAndGet();
            if (probe == 1) throw new IllegalStateException("connection refused");
            return probe < 3 ? null : "up";
        });

        assertThat(value).isEqualTo("up");
        assertThat(probes).hasValue(3);
    }

    @Test
    void shouldFailWithTheLastErrorAndTheContextWhenNoValueComes() {
        assertThatThrownBy(() -> Await.until("the solver", Duration.ofMillis(100), () -> "\n--- solver log ---", () -> {
                    throw new IllegalStateException("connection refused");
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for the solver")
                .hasMessageContaining("(last error: java.lang.IllegalStateException: connection refused)")
                .hasMessageEndingWith("--- solver log ---");
    }
}
