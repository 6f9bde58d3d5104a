package org.coophive.mediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.coophive.common.config.SettingsBinder;
import org.junit.jupiter.api.Test;

class MediatorPropertiesTest {

    private static MediatorProperties properties(
            String dataDir, Duration interval, int jobs, long fromBlock, String executor, String bacalhau) {
        return new MediatorProperties(dataDir, interval, jobs, fromBlock, executor, false, bacalhau);
    }

    @Test
    void shouldAcceptTheDefaults() {
        MediatorProperties properties =
                properties("./data/mediator", Duration.ofSeconds(10), 1, 0, "docker", "http://localhost:1234");

        assertThat(properties.executorKind()).isEqualTo(MediatorProperties.ExecutorKind.DOCKER);
        assertThat(properties.dataPath().toString()).isEqualTo("./data/mediator");
    }

    @Test
    void shouldNameTheVariableWhenAValueIsWrong() {
        Duration tenSeconds = Duration.ofSeconds(10);
        String api = "http://localhost:1234";
        assertThatThrownBy(() -> properties(" ", tenSeconds, 1, 0, "docker", api))
                .hasMessageStartingWith("DATA_DIR");
        assertThatThrownBy(() -> properties("d", Duration.ZERO, 1, 0, "docker", api))
                .hasMessageStartingWith("MEDIATOR_PASS_INTERVAL");
        assertThatThrownBy(() -> properties("d", tenSeconds, 0, 0, "docker", api))
                .hasMessageStartingWith("MEDIATOR_MAX_CONCURRENT_JOBS");
        assertThatThrownBy(() -> properties("d", tenSeconds, 1, -1, "docker", api))
                .hasMessageStartingWith("MEDIATOR_EVENTS_FROM_BLOCK");
        assertThatThrownBy(() -> properties("d", tenSeconds, 1, 0, "podman", api))
                .hasMessageStartingWith("EXECUTOR must be docker or bacalhau");
        assertThatThrownBy(() -> properties("d", tenSeconds, 1, 0, "bacalhau", "ftp://host"))
                .hasMessageStartingWith("BACALHAU_API_URL");
    }

    @Test
    void shouldReadTheExecutorIgnoringCase() {
        assertThat(properties("d", Duration.ofSeconds(1), 1, 0, " Bacalhau ", "https://bacalhau.example")
                        .executorKind())
                .isEqualTo(MediatorProperties.ExecutorKind.BACALHAU);
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
                        "./data/mediator", Duration.ofSeconds(10), 1, 0, "docker", false, "http://localhost:1234"));
    }
}
