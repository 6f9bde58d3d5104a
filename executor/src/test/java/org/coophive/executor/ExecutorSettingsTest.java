package org.coophive.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coophive.common.model.Privileges;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.testing.ExecutorVariables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSettingsTest {

    private static final String MAPPINGS = "executor-settings.properties";

    private static ExecutorSettings bind(Map<String, String> variables) {
        return ExecutorSettings.bind(variables, MAPPINGS);
    }

    @Test
    void shouldBindEveryVariableToTheSettingsItMeans() {
        ExecutorSettings settings = bind(ExecutorVariables.EVERY_VARIABLE);

        assertThat(settings).isEqualTo(ExecutorVariables.EVERY_SETTING);
        assertThat(settings.bacalhauApi()).isEqualTo(URI.create("http://bacalhau.internal:4321"));
        assertThat(settings.limits()).isEqualTo(new ResultLimits(1048576, 4096));
        assertThat(settings.granted()).isEqualTo(new Privileges(true, List.of("CHOWN"), true));
        assertThat(bind(Map.of()).granted()).isEqualTo(Privileges.NONE);
    }

    @Test
    void shouldBuildTheExecutorOfItsKindAskingForTheEngineOnlyForDocker() {
        assertThat(bind(ExecutorVariables.EVERY_VARIABLE).executor(() -> {
                    throw new AssertionError("Bacalhau needs no Docker engine");
                }))
                .isInstanceOf(BacalhauExecutor.class);
        try (DockerClient docker = DockerExecutor.localEngine()) {
            assertThat(bind(Map.of()).executor(() -> docker)).isInstanceOf(DockerExecutor.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldReadTheMediatorsOldNamesAsTheNewOnesWithOneWarningEach() {
        List<String> warnings = new ArrayList<>();
        Map<String, String> current = ExecutorSettings.withCurrentNames(
                Map.of("EXECUTOR_PULL_IMAGES", "true", "BACALHAU_API_URL", "https://bacalhau.example:8443"),
                warnings::add);

        assertThat(current.get("DOCKER_PULL")).isEqualTo("if-not-present");
        assertThat(current.get("BACALHAU_API_HOST")).isEqualTo("https://bacalhau.example:8443");
        assertThat(current.get("EXECUTOR_PULL_IMAGES")).isNull();
        assertThat(warnings)
                .containsExactly(
                        "EXECUTOR_PULL_IMAGES is deprecated and will be removed: set DOCKER_PULL=if-not-present"
                                + " instead",
                        "BACALHAU_API_URL is deprecated and will be removed: set"
                                + " BACALHAU_API_HOST=https://bacalhau.example:8443 instead");
        ExecutorSettings settings =
                bind(Map.of("EXECUTOR_PULL_IMAGES", "false", "BACALHAU_API_URL", "http://10.0.0.5:1234"));
        assertThat(settings.imagePolicy()).isEqualTo(ImagePolicy.NEVER);
        assertThat(settings.bacalhauApi()).isEqualTo(URI.create("http://10.0.0.5:1234"));
    }

    @Test
    void shouldRefuseAnOldAndANewNameThatDisagreeButTakeOnesThatAgree() {
        assertThatThrownBy(() -> bind(Map.of("EXECUTOR_PULL_IMAGES", "true", "DOCKER_PULL", "never")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EXECUTOR_PULL_IMAGES=true and DOCKER_PULL=never disagree: remove EXECUTOR_PULL_IMAGES,"
                        + " which DOCKER_PULL replaces");
        assertThatThrownBy(() -> bind(Map.of("BACALHAU_API_URL", "http://a:1234", "BACALHAU_API_HOST", "b")))
                .hasMessageStartingWith("BACALHAU_API_URL=http://a:1234 and BACALHAU_API_HOST=b disagree");
        assertThatThrownBy(() -> bind(Map.of("EXECUTOR_PULL_IMAGES", "yes")))
                .hasMessage("EXECUTOR_PULL_IMAGES must be true or false, not yes");
        assertThatThrownBy(() -> bind(Map.of("BACALHAU_API_URL", "ftp://host")))
                .hasMessage("BACALHAU_API_URL must be an http(s) URL, not ftp://host");

        Map<String, String> agreeing = new HashMap<>();
        agreeing.put("EXECUTOR_PULL_IMAGES", "true");
        agreeing.put("DOCKER_PULL", "if-not-present");
        agreeing.put("BACALHAU_API_URL", "http://bacalhau:1234");
        agreeing.put("BACALHAU_API_HOST", "bacalhau");
        assertThat(bind(agreeing).imagePolicy()).isEqualTo(ImagePolicy.IF_NOT_PRESENT);
    }

    @Test
    void shouldNameTheVariableWhenAValueIsWrong() {
        assertThatThrownBy(() -> bind(Map.of("EXECUTOR", "podman")))
                .hasMessage("EXECUTOR must be docker or bacalhau, not podman");
        assertThatThrownBy(() -> bind(Map.of("JOB_LOGS_LIMIT", "67108865")))
                .hasMessage("JOB_LOGS_LIMIT must be between 0 and 67108864, not 67108865");
        assertThatThrownBy(() -> bind(Map.of("EXECUTOR_PRIVILEGES", "root,SYS_ADMIN")))
                .hasMessageStartingWith("EXECUTOR_PRIVILEGES names SYS_ADMIN, which is none of root, writable-root or"
                        + " the capabilities [AUDIT_WRITE, CHOWN,");
    }

    @Test
    void shouldRefuseAJobAskingForMoreThanTheDockerExecutorGrantsBeforeTouchingTheEngine(@TempDir Path dir)
            throws Exception {
        JobSpec rootJob = new JobSpec(
                "root-module",
                "coophive/busybox:test",
                List.of("id", "-u"),
                Map.of(),
                500,
                64,
                0,
                Duration.ofSeconds(10),
                false,
                "/outputs",
                JobSpec.Verification.EXACT,
                new Privileges(true, List.of("CHOWN"), false),
                "needs to chown its files");
        try (DockerClient docker = DockerExecutor.localEngine()) {
            Executor grantsRootOnly = new DockerExecutor(
                    docker, ImagePolicy.NEVER, ResultLimits.DEFAULTS, new Privileges(true, List.of(), false));

            assertThatThrownBy(() -> grantsRootOnly.run("job-1", rootJob, dir.resolve("result")))
                    .isInstanceOfSatisfying(ExecutionException.class, e -> assertThat(e.reason())
                            .isEqualTo(ExecutionException.Reason.NOT_GRANTED))
                    .hasMessage("root-module asks for root, capabilities [CHOWN], and this executor does not grant"
                            + " capability CHOWN (EXECUTOR_PRIVILEGES grants root)");
        }
    }
}
