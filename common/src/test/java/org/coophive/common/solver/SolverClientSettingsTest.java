package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SolverClientSettingsTest {

    @Test
    void shouldDoubleTheBackoffUpToTheCapWhenFailuresRepeat() {
        SolverClientSettings settings = SolverClientSettings.DEFAULTS;

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoff(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldGiveUpWithinSecondsByDefaultWhenTheSolverStaysDown() {
        SolverClientSettings settings = SolverClientSettings.DEFAULTS;
        Duration waited = Duration.ZERO;
        for (int failure = 1; failure < settings.maxAttempts(); failure++) {
            waited = waited.plus(settings.backoff(failure));
        }

        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(waited).isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> SolverClientSettings.DEFAULTS.withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(
                        () -> SolverClientSettings.DEFAULTS.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> SolverClientSettings.DEFAULTS.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialBackoff");
    }
}
