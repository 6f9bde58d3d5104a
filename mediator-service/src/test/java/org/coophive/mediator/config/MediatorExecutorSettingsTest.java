package org.coophive.mediator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.coophive.common.testing.StartupFailure;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.testing.ExecutorVariables;
import org.coophive.mediator.MediatorApplication;
import org.coophive.mediator.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The mediator binds the executor's settings as the provider does, through its own properties. */
class MediatorExecutorSettingsTest {

    @TempDir
    static Path dataDir;

    /** The settings as the mediator's bean binds them from {@code variables}. */
    private static ExecutorSettings bound(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(variables)));
        return new MediatorConfiguration().executorSettings(environment);
    }

    @Test
    void shouldBindTheExecutorVariablesAsTheProviderDoesAndBuildItsExecutor() {
        ExecutorSettings settings = bound(ExecutorVariables.EVERY_VARIABLE);

        assertThat(settings).isEqualTo(ExecutorVariables.EVERY_SETTING);
        assertThat(settings.executor(() -> {
                    throw new AssertionError("Bacalhau needs no Docker engine");
                }))
                .isInstanceOf(BacalhauExecutor.class);
    }

    @Test
    void shouldKeepByDefaultTheMostAProviderMayKeep() {
        ExecutorSettings settings = bound(Map.of());

        assertThat(settings.kind()).isEqualTo(ExecutorSettings.Kind.DOCKER);
        assertThat(settings.imagePolicy()).isEqualTo(ImagePolicy.NEVER);
        assertThat(settings.limits())
                .isEqualTo(new ResultLimits(ExecutorSettings.MAX_OUTPUTS_LIMIT, ExecutorSettings.MAX_LOGS_LIMIT));
    }

    @Test
    void shouldReadTheOldNamesWithOneWarningEachNamingTheNewVariable() {
        try (LogCapture log = LogCapture.of(ExecutorSettings.class.getName())) {
            ExecutorSettings settings = bound(Map.of(
                    "EXECUTOR", "bacalhau",
                    "EXECUTOR_PULL_IMAGES", "true",
                    "BACALHAU_API_URL", "http://bacalhau.internal:4321"));

            assertThat(settings.imagePolicy()).isEqualTo(ImagePolicy.IF_NOT_PRESENT);
            assertThat(settings.bacalhauApi()).hasToString("http://bacalhau.internal:4321");
            assertThat(log.count("EXECUTOR_PULL_IMAGES is deprecated")).isEqualTo(1);
            assertThat(log.contains("set DOCKER_PULL=if-not-present instead")).isTrue();
            assertThat(log.count("BACALHAU_API_URL is deprecated")).isEqualTo(1);
            assertThat(log.contains("set BACALHAU_API_HOST=http://bacalhau.internal:4321 instead"))
                    .isTrue();
        }
    }

    @Test
    void shouldNotStartWhenAnOldAndANewNameDisagree() {
        Map<String, Object> properties = StartupFailure.settingsWithoutKey(dataDir);
        properties.put("SERVICE_SOLVER", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        properties.put("WEB3_PRIVATE_KEY", "0x" + "11".repeat(32));
        properties.put("EXECUTOR_PULL_IMAGES", "false");
        properties.put("DOCKER_PULL", "if-not-present");

        assertThat(StartupFailure.messages(MediatorApplication.class, properties))
                .contains("EXECUTOR_PULL_IMAGES=false and DOCKER_PULL=if-not-present disagree: remove"
                        + " EXECUTOR_PULL_IMAGES, which DOCKER_PULL replaces");
    }
}
