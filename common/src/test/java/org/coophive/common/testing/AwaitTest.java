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
}
