package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.model.DealTimeouts;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.ExecutorSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The configuration as Spring binds it: what starts, and the one-line reason when it does not. */
class ProviderSettingsConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ProviderSettingsConfiguration.class)
            .withPropertyValues(
                    "WEB3_RPC_URL=http://127.0.0.1:8545",
                    "WEB3_PRIVATE_KEY=0x" + "11".repeat(32),
                    "WEB3_CHAIN_ID=1337",
                    "WEB3_CONTROLLER_ADDRESS=" + DevAccounts.admin().address(),
                    "SERVICE_SOLVER=" + DevAccounts.solver().address(),
                    "SERVICE_MEDIATORS=" + DevAccounts.mediator().address(),
                    "NVIDIA_SMI=/nonexistent/nvidia-smi");

    private String startupFailure(String... properties) {
        String[] message = new String[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("a configuration failure: " + failure).isNotNull();
            message[0] = analysis.getDescription();
        });
        return message[0];
    }

    @Test
    void shouldStartWithTheSeedsDefaultsWhenOnlyTheRequiredVariablesAreSet() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(OfferProperties.class).count()).isEqualTo(1);
            assertThat(context.getBean(PricingOptions.class).pricing().instructionPrice())
                    .isEqualTo(java.math.BigInteger.TEN.pow(18));
            assertThat(context.getBean(DealTimeouts.class).submitResults().timeout())
                    .isEqualTo(3600);
            ProviderProperties provider = context.getBean(ProviderProperties.class);
            assertThat(provider.dataDir())
                    .isEqualTo(Path.of("data/resource-provider").toAbsolutePath());
            assertThat(provider.reconcileInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(provider.testModeWrongResults()).isFalse();
            assertThat(context.getBean(ExecutorSettings.class).kind()).isEqualTo(ExecutorSettings.Kind.DOCKER);
        });
    }

    @Test
    void shouldRefuseToStartWhenAGpuIsOfferedOnAMachineWithoutOne() {
        assertThat(startupFailure("OFFER_GPU=1")).startsWith("OFFER_GPU (--offer-gpu) offers 1 GPU(s)");
    }

    @Test
    void shouldNameTheSolverVariableWhenItIsMissing() {
        assertThat(startupFailure("SERVICE_SOLVER=")).startsWith("SERVICE_SOLVER is missing");
    }

    @Test
    void shouldNameTheMediatorsVariableWhenNoneIsTrusted() {
        assertThat(startupFailure("SERVICE_MEDIATORS=")).startsWith("SERVICE_MEDIATORS is missing");
    }

    @Test
    void shouldNameTheKeyVariableWithoutEchoingItWhenTheKeyIsMalformed() {
        String message = startupFailure("WEB3_PRIVATE_KEY=0xnotakey");
        assertThat(message).startsWith("WEB3_PRIVATE_KEY").doesNotContain("notakey");
    }

    @Test
    void shouldRefuseMarketPricingWhenSetForAProvider() {
        assertThat(startupFailure("PRICING_MODE=MarketPrice")).startsWith("PRICING_MODE must be FixedPrice");
    }

    @Test
    void shouldNameTheTimeoutVariableWhenItIsNotSeconds() {
        assertThat(startupFailure("TIMEOUT_JUDGE_RESULTS_TIME=soon")).startsWith("TIMEOUT_JUDGE_RESULTS_TIME");
    }

    @Test
    void shouldNameTheExecutorVariableWhenItIsUnknown() {
        assertThat(startupFailure("EXECUTOR=podman"))
                .isEqualTo("EXECUTOR (--executor) must be docker or bacalhau, not podman");
    }

    @Test
    void shouldTurnTestModeOnWhenAskedFor() {
        runner.withPropertyValues("TEST_MODE_WRONG_RESULTS=true").run(context -> assertThat(
                        context.getBean(ProviderProperties.class).testModeWrongResults())
                .isTrue());
    }
}
