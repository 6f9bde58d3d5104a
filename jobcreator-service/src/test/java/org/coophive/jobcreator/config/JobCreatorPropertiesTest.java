package org.coophive.jobcreator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.coophive.jobcreator.JobCreatorApplicationArguments;
import org.junit.jupiter.api.Test;

class JobCreatorPropertiesTest {

    private static JobCreatorProperties properties(boolean api, String token, int chance) {
        return new JobCreatorProperties(
                Path.of("data"), chance, Duration.ofMinutes(2), Duration.ofSeconds(5), 3, api, token, true, "2");
    }

    @Test
    void shouldRefuseToStartNamingTheVariableWhenTheApiIsOnWithoutAToken() {
        assertThatThrownBy(() -> properties(true, " ", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("JOBCREATOR_API_TOKEN is required");
    }

    @Test
    void shouldStartWithoutATokenWhenTheApiIsOff() {
        assertThat(properties(false, "", 0).apiEnabled()).isFalse();
    }

    @Test
    void shouldRefuseAMediationChanceOutsideZeroToHundred() {
        assertThatThrownBy(() -> properties(true, "t", 101)).hasMessageStartingWith("MEDIATION_CHANCE");
    }

    @Test
    void shouldNeverPrintTheTokenWhenLogged() {
        assertThat(properties(true, "very-secret", 0).toString())
                .doesNotContain("very-secret")
                .contains("<redacted>");
    }

    @Test
    void shouldReadTheSeedsMediationChanceFlagWhenTheDaemonStarts() {
        assertThat(JobCreatorApplicationArguments.translate("--mediation-chance", "30", "--other=1"))
                .containsExactly("--coophive.jobcreator.mediation-chance=30", "--other=1");
        assertThat(JobCreatorApplicationArguments.translate("--mediation-chance=5"))
                .containsExactly("--coophive.jobcreator.mediation-chance=5");
    }

    @Test
    void shouldParseHumanDurationsAndNameTheVariableWhenMalformed() {
        assertThat(JobCreatorEnvironment.parseDuration("X", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(JobCreatorEnvironment.parseDuration("X", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(JobCreatorEnvironment.parseDuration("X", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> JobCreatorEnvironment.parseDuration("JOBCREATOR_MATCH_TIMEOUT", "soon"))
                .hasMessageStartingWith("JOBCREATOR_MATCH_TIMEOUT is not a duration");
    }
}
