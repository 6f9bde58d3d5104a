package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptPollingTest {

    @Test
    void shouldDoubleTheWaitBetweenReceiptPollsUpToOneSecond() {
        List<Long> waits = new ArrayList<>();
        Duration wait = Duration.ofMillis(10);
        for (int i = 0; i < 10; i++) {
            waits.add(wait.toMillis());
            wait = TransactionSender.nextPoll(wait);
        }

        assertThat(waits).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L);
    }

    @Test
    void shouldKeepAConfiguredPollIntervalLongerThanTheCap() {
        assertThat(TransactionSender.nextPoll(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
