package org.coophive.mediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.coophive.common.config.SettingsBinder;
import org.junit.jupiter.api.Test;

class MediatorPropertiesTest {

    private static MediatorProperties properties(String dataDir, Duration interval, int jobs, long fromBlock) {
        return new MediatorProperties(dataDir, interval, jobs, fromBlock);
    }

    @Test
    void shouldAcceptTheDefaults() {
        MediatorProperties properties = properties("./data/mediator", Duration.ofSeconds(10), 1, 0);

        assertThat(properties.dataPath().toString()).isEqualTo("./data/mediator");
    }

    @Test
    void shouldNameTheVariableWhenAValueIsWrong() {
        Duration tenSeconds = Duration.ofSeconds(10);
        assertThatThrownBy(() -> properties(" ", tenSeconds, 1, 0)).hasMessageStartingWith("DATA_DIR");
        assertThatThrownBy(() -> properties("d", Duration.ZERO, 1, 0)).hasMessageStartingWith("MEDIATOR_PASS_INTERVAL");
        assertThatThrownBy(() -> properties("d", tenSeconds, 0, 0))
                .hasMessageStartingWith("MEDIATOR_MAX_CONCURRENT_JOBS");
        assertThatThrownBy(() -> properties("d", tenSeconds, 1, -1))
                .hasMessageStartingWith("MEDIATOR_EVENTS_FROM_BLOCK");
    }

    @Test
    void shouldReadAPassIntervalWithoutAUnitAsSecondsWhenBound() {
        MediatorProperties bound = SettingsBinder.over(
                        Map.of("MEDIATOR_PASS_INTERVAL", "15"), "application.properties", Map.of())
                .bind("coophive.mediator", MediatorProperties.class);

        assertThat(bound.passInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldTakeEveryDefaultFromApplicationPropertiesWhenNothingIsSet() {
        MediatorProperties bound = SettingsBinder.over(Map.of(), "application.properties", Map.of())
                .bind("coophive.mediator", MediatorProperties.class);

        assertThat(bound)
                .isEqualTo(new MediatorProperties(
                        "./data/mediator", Duration.ofSeconds(10), MediatorProperties.machineConcurrency(), 0));
    }

    @Test
    void shouldRunAtLeastTwoMediationsAtOnceByDefaultAndAtMostEight() {
        MediatorProperties bound = SettingsBinder.over(Map.of(), "application.properties", Map.of())
                .bind("coophive.mediator", MediatorProperties.class);

        assertThat(bound.maxConcurrentJobs())
                .isBetween(2, 8)
                .isEqualTo(Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    @Test
    void shouldTakeTheConcurrencyTheOperatorSets() {
        MediatorProperties bound = SettingsBinder.over(
                        Map.of("MEDIATOR_MAX_CONCURRENT_JOBS", "1"), "application.properties", Map.of())
                .bind("coophive.mediator", MediatorProperties.class);

        assertThat(bound.maxConcurrentJobs()).isEqualTo(1);
    }
}
