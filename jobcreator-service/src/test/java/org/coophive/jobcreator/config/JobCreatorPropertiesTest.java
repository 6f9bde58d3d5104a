package org.coophive.jobcreator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.jobcreator.JobCreatorApplicationArguments;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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

    /** What the daemon binds: its application.properties over the given variables, as Spring Boot starts it. */
    private static Duration daemonMatchTimeout(String value) {
        AtomicReference<Duration> bound = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(Bound.class)
                .withPropertyValues("JOBCREATOR_MATCH_TIMEOUT=" + value, "JOBCREATOR_API_TOKEN=t")
                .run(context ->
                        bound.set(context.getBean(JobCreatorProperties.class).matchTimeout()));
        return bound.get();
    }

    @EnableConfigurationProperties(JobCreatorProperties.class)
    static class Bound {}

    private static Map<String, String> runEnvironment(String matchTimeout) {
        Map<String, String> env = new HashMap<>();
        env.put("WEB3_RPC_URL", "http://127.0.0.1:1");
        env.put("WEB3_CHAIN_ID", "1337");
        env.put("WEB3_PRIVATE_KEY", "0x" + "1".repeat(64));
        env.put("WEB3_CONTROLLER_ADDRESS", "0x" + "2".repeat(40));
        env.put("SERVICE_SOLVER", "0x" + "3".repeat(40));
        env.put("SERVICE_MEDIATORS", "0x" + "4".repeat(40));
        env.put("JOBCREATOR_MATCH_TIMEOUT", matchTimeout);
        return env;
    }

    private static Duration runMatchTimeout(String value) {
        return JobCreatorEnvironment.read(runEnvironment(value)).engine().matchTimeout();
    }

    @Test
    void shouldReadAMatchTimeoutWithoutAUnitAsSecondsInRunAndTheDaemonAlike() {
        assertThat(daemonMatchTimeout("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(runMatchTimeout("90")).isEqualTo(Duration.ofSeconds(90));
        for (String value : new String[] {"500ms", "5m", "1h", "PT2M"}) {
            assertThat(runMatchTimeout(value)).as(value).isEqualTo(daemonMatchTimeout(value));
        }
    }

    @Test
    void shouldUseTheDaemonsDefaultsInRunWhenNothingIsSet() {
        Map<String, String> env = runEnvironment("");
        env.remove("JOBCREATOR_MATCH_TIMEOUT");
        var engine = JobCreatorEnvironment.read(env).engine();
        assertThat(engine.matchTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(engine.dataDir().normalize()).isEqualTo(Path.of("data", "jobcreator"));
        assertThat(engine.maxDownloadAttempts()).isEqualTo(3);
    }

    @Test
    void shouldNameTheVariableInRunWhenAValueIsMalformed() {
        assertThatThrownBy(() -> runMatchTimeout("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JOBCREATOR_MATCH_TIMEOUT is not a duration (like 90s, 5m, 1h): soon");
        assertThatThrownBy(() -> runMatchTimeout("0"))
                .hasMessageStartingWith("JOBCREATOR_MATCH_TIMEOUT must be positive");
        Map<String, String> env = runEnvironment("90");
        env.put("JOBCREATOR_DOWNLOAD_ATTEMPTS", "many");
        assertThatThrownBy(() -> JobCreatorEnvironment.read(env))
                .hasMessage("JOBCREATOR_DOWNLOAD_ATTEMPTS is not a valid value: many");
        env.put("JOBCREATOR_DOWNLOAD_ATTEMPTS", "0");
        assertThatThrownBy(() -> JobCreatorEnvironment.read(env))
                .hasMessageStartingWith("JOBCREATOR_DOWNLOAD_ATTEMPTS must be at least 1");
    }

    @Test
    void shouldRunWithoutAnApiTokenWhenTheDaemonWouldNeedOne() {
        assertThat(runMatchTimeout("90s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldBindEveryVariableToTheSameValueInRunAndTheDaemon() {
        Map<String, String> variables = Map.of(
                "DATA_DIR", "/tmp/jc-data",
                "MEDIATION_CHANCE", "25",
                "JOBCREATOR_MATCH_TIMEOUT", "45",
                "JOBCREATOR_PASS_INTERVAL", "750ms",
                "JOBCREATOR_DOWNLOAD_ATTEMPTS", "4",
                "JOBCREATOR_ONCHAIN_DEPOSIT", "0.5",
                "JOBCREATOR_API_TOKEN", "t");
        AtomicReference<JobCreatorProperties> daemon = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(Bound.class)
                .withPropertyValues(variables.entrySet().stream()
                        .map(variable -> variable.getKey() + "=" + variable.getValue())
                        .toArray(String[]::new))
                .run(context -> daemon.set(context.getBean(JobCreatorProperties.class)));

        JobCreatorProperties run = JobCreatorEnvironment.bind(variables, Map.of());

        assertThat(run.dataDir()).isEqualTo(daemon.get().dataDir()).isEqualTo(Path.of("/tmp/jc-data"));
        assertThat(run.mediationChance())
                .isEqualTo(daemon.get().mediationChance())
                .isEqualTo(25);
        assertThat(run.matchTimeout()).isEqualTo(daemon.get().matchTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(run.passInterval()).isEqualTo(daemon.get().passInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(run.downloadAttempts())
                .isEqualTo(daemon.get().downloadAttempts())
                .isEqualTo(4);
        assertThat(run.onChainDepositWei())
                .isEqualTo(daemon.get().onChainDepositWei())
                .isEqualTo(java.math.BigInteger.TEN.pow(17).multiply(java.math.BigInteger.valueOf(5)));
    }
}
