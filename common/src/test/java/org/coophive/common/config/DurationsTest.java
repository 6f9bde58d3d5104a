package org.coophive.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldReadANumberWithoutAUnitAsSecondsWhenParsing() {
        assertThat(Durations.parse("JOBCREATOR_MATCH_TIMEOUT", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("X", " 10 ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldReadUnitsAndIsoDurationsWhenGiven() {
        assertThat(Durations.parse("X", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("X", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("X", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("X", "1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("X", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("X", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("X", "pt2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldNameTheVariableWhenTheValueIsNotAPositiveDuration() {
        assertThatThrownBy(() -> Durations.parse("JOBCREATOR_MATCH_TIMEOUT", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JOBCREATOR_MATCH_TIMEOUT is not a duration (like 90s, 5m, 1h): soon");
        assertThatThrownBy(() -> Durations.parse("RECONCILE_INTERVAL", "0"))
                .hasMessage("RECONCILE_INTERVAL must be positive, not 0");
        assertThatThrownBy(() -> Durations.parse("X", "-PT1S")).hasMessage("X must be positive, not -PT1S");
        assertThatThrownBy(() -> Durations.parse("X", "")).hasMessageStartingWith("X is not a duration");
        assertThatThrownBy(() -> Durations.parse("X", "99999999999999999999s"))
                .hasMessageStartingWith("X is not a duration");
    }
}
