package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.testing.ExecutorVariables;
import org.junit.jupiter.api.Test;

/** The provider's records bound as every service binds its own: defaults, flags' variables and messages. */
class ProviderBindingTest {

    @Test
    void shouldUseTheDocumentedExecutorDefaultsWhenNothingIsSet() {
        ExecutorSettings executor = ProviderBinding.executor(Map.of());

        assertThat(executor.kind()).isEqualTo(ExecutorSettings.Kind.DOCKER);
        assertThat(executor.imagePolicy()).isEqualTo(ImagePolicy.NEVER);
        assertThat(executor.bacalhauApi()).isEqualTo(URI.create("http://localhost:1234"));
        assertThat(executor.limits()).isEqualTo(ResultLimits.DEFAULTS);
    }

    @Test
    void shouldReadTheExecutorVariablesIgnoringCaseWhenSet() {
        ExecutorSettings executor = ProviderBinding.executor(Map.of(
                "EXECUTOR", "Bacalhau",
                "DOCKER_PULL", "if-not-present",
                "BACALHAU_API_HOST", "bacalhau.internal",
                "BACALHAU_API_PORT", "4321",
                "JOB_LOGS_LIMIT", "1024"));

        assertThat(executor.kind()).isEqualTo(ExecutorSettings.Kind.BACALHAU);
        assertThat(executor.imagePolicy()).isEqualTo(ImagePolicy.IF_NOT_PRESENT);
        assertThat(executor.bacalhauApi()).isEqualTo(URI.create("http://bacalhau.internal:4321"));
        assertThat(executor.limits().maxLogBytes()).isEqualTo(1024);
    }

    @Test
    void shouldNameTheVariableAndItsFlagWhenAValueIsWrong() {
        assertThatThrownBy(() -> ProviderBinding.executor(Map.of("DOCKER_PULL", "always")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("DOCKER_PULL (--docker-pull) must be never or if-not-present, not always");
        assertThatThrownBy(() -> ProviderBinding.executor(Map.of("BACALHAU_API_PORT", "70000")))
                .hasMessage("BACALHAU_API_PORT (--bacalhau-api-port) must be between 1 and 65535, not 70000");
        assertThatThrownBy(() -> ProviderProperties.fromEnvironment(Map.of("TEST_MODE_WRONG_RESULTS", "maybe")))
                .hasMessage("TEST_MODE_WRONG_RESULTS (--test-mode-wrong-results) must be true or false, not maybe");
        assertThatThrownBy(() -> OfferProperties.fromEnvironment(Map.of("OFFER_GPU", "65")))
                .hasMessage("OFFER_GPU (--offer-gpu) must be between 0 and 64, not 65");
    }

    @Test
    void shouldBindTheExecutorVariablesAsTheMediatorDoesAndBuildItsExecutor() {
        ExecutorSettings executor = ProviderBinding.executor(ExecutorVariables.EVERY_VARIABLE);

        assertThat(executor).isEqualTo(ExecutorVariables.EVERY_SETTING);
        assertThat(executor.executor(() -> {
                    throw new AssertionError("Bacalhau needs no Docker engine");
                }))
                .isInstanceOf(BacalhauExecutor.class);
    }

    @Test
    void shouldNameTheExecutorVariableAndItsFlagWhenTheSharedRecordRefusesIt() {
        assertThatThrownBy(() -> ProviderBinding.executor(Map.of("JOB_OUTPUTS_LIMIT", "943718401")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("JOB_OUTPUTS_LIMIT (--job-outputs-limit) must be between 0 and 943718400, not 943718401");
        assertThatThrownBy(() -> ProviderBinding.executor(Map.of("EXECUTOR_PRIVILEGES", "root,SYS_ADMIN")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(
                        "EXECUTOR_PRIVILEGES (--executor-privileges) names SYS_ADMIN, which is none of");
        assertThatThrownBy(() -> ProviderBinding.executor(Map.of("EXECUTOR", "podman")))
                .hasMessage("EXECUTOR (--executor) must be docker or bacalhau, not podman");
    }

    @Test
    void shouldBindTheVariablesAFlagSetsWhenGivenOnTheCommandLine() {
        Map<String, String> variables = new java.util.HashMap<>();
        for (String argument : CommandLineFlags.toSpringArguments(
                new String[] {"--offer-count", "3", "--offer-network", "--reconcile-interval=45"})) {
            String[] pair = argument.substring(2).split("=", 2);
            variables.put(pair[0], pair[1]);
        }

        assertThat(OfferProperties.fromEnvironment(variables).count()).isEqualTo(3);
        assertThat(OfferProperties.fromEnvironment(variables).network()).isTrue();
        assertThat(ProviderProperties.fromEnvironment(variables).reconcileInterval())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldUseTheDefaultWhenAVariableIsSetToBlanks() {
        OfferProperties offer = OfferProperties.fromEnvironment(Map.of("OFFER_CPU", " ", "OFFER_RAM", " 2048 "));

        assertThat(offer.cpuMillis()).isEqualTo(1000);
        assertThat(offer.ramMb()).isEqualTo(2048);
    }
}
