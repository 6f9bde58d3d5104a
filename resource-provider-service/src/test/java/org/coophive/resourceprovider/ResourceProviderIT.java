package org.coophive.resourceprovider;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.Result;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.HostileRequests;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.executor.JobSpec;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.ResultPackager;
import org.coophive.resourceprovider.jobs.JobRunner;
import org.coophive.resourceprovider.testing.NetworkScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The provider as a whole, in this JVM: real chain (Anvil), real Docker with the local images, a
 * solver speaking the HTTP API, and the job creator's side played by the test with its own key.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceProviderIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @TempDir
    Path dataDir;

    NetworkScenario network;
    ConfigurableApplicationContext provider;

    @BeforeEach
    void startNetwork() throws Exception {
        network = new NetworkScenario(chain);
    }

    @AfterEach
    void stop() {
        if (provider != null) provider.close();
        network.close();
    }

    private void startProvider(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(network.providerEnvironment(dataDir));
        env.putAll(extra);
        List<String> args = new ArrayList<>();
        env.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        provider = new SpringApplicationBuilder(ResourceProviderApplication.class).run(args.toArray(String[]::new));
    }

    private RestClient http() {
        int port = ((WebServerApplicationContext) provider).getWebServer().getPort();
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private static final String RP = DevAccounts.resourceProvider().address();
    private static final String JC = DevAccounts.jobCreator().address();
    private static final String TREASURY = DevAccounts.treasury().address();

    @Test
    void shouldReportDockerChainAndSolverHealthyWhenStarted(CapturedOutput output) {
        startProvider(Map.of());

        String health = http().get().uri("/actuator/health").retrieve().body(String.class);

        assertThat(health).contains("\"status\":\"UP\"");
        // Anyone may ask: each check's status, none of its details (address, versions, offers).
        assertThat(health)
                .contains("\"docker\":{\"status\":\"UP\"}")
                .contains("\"chain\":{\"status\":\"UP\"}")
                .contains("\"solver\":{\"status\":\"UP\"}")
                .doesNotContain("details")
                .doesNotContain("activeOffers");
        String metrics = http().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("coophive_rp_jobs_running").contains("coophive_rp_earnings_wei_total");
        String key = network.properties(DevAccounts.resourceProvider()).privateKey();
        assertThat(output.getAll()).contains("resource provider ready").doesNotContain(key.substring(2));
    }

    @Test
    void shouldAnswerProblemDetailsWithADocumentedTypeForHostileRequestsAndUnknownRoutes() throws Exception {
        startProvider(Map.of());
        int port = ((WebServerApplicationContext) provider).getWebServer().getPort();

        HostileRequests.assertRefusedAsProblems(port, "/nowhere", "/actuator/nowhere", "/api/v1/jobs");
    }

    @Test
    void shouldPostResultsThatDifferFromAnHonestRunWhenInTestMode(CapturedOutput output) throws Exception {
        startProvider(Map.of("TEST_MODE_WRONG_RESULTS", "true"));
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "moo"));
        network.awaitProviderAgreed(deal);
        network.jc.agree(network.terms(deal));
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));

        String honest;
        try (DockerClient docker = DockerExecutor.localEngine();
                DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            JobSpec job = new ModuleLoader(dataDir.resolve("honest-modules"))
                    .load(ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"));
            Path result = dataDir.resolve("honest-run");
            executor.run(job, result);
            honest = ResultPackager.pack(result, dataDir.resolve("honest.tar")).dataId();
        }
        Result posted = network.solver.result(deal.id());
        byte[] tar = network.solver.storedFiles(deal.id()).orElseThrow();
        assertThat(posted.dataId()).isNotEqualTo(honest);
        assertThat(ContentIds.ofBytes(tar)).isEqualTo(posted.dataId());
        assertThat(entry(tar, "outputs/" + JobRunner.WRONG_RESULT_FILE)).contains("altered on purpose");
        assertThat(entry(tar, "stdout")).contains("< moo >");
        assertThat(output.getAll())
                .contains("WARN")
                .contains("TEST MODE (TEST_MODE_WRONG_RESULTS=true): this provider posts deliberately WRONG results")
                .contains(
                        "TEST MODE (TEST_MODE_WRONG_RESULTS): deal " + deal.id() + " gets deliberately WRONG results");
    }

    @Test
    void shouldBePaidWhenTheJobCreatorAcceptsTheResults() throws Exception {
        BigInteger rpBefore = network.tokens(RP);
        BigInteger jcBefore = network.tokens(JC);
        startProvider(Map.of());
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "moo"));
        DealTerms terms = network.terms(deal);
        network.awaitProviderAgreed(deal);
        // agree (RP): -Ts
        assertThat(network.tokens(RP)).isEqualTo(rpBefore.subtract(terms.submitResultsCollateral()));
        assertThat(network.escrow(deal)).isEqualTo(terms.submitResultsCollateral());

        network.jc.agree(terms);
        // agree (JC): -P, -Tj
        assertThat(network.tokens(JC))
                .isEqualTo(jcBefore.subtract(terms.paymentCollateral()).subtract(terms.judgeResultsCollateral()));
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        // addResult: -R, +Ts; the deal holds P + Tj + R
        BigInteger count = network.agreement(deal).instructionCount();
        BigInteger resultsCollateral = terms.resultsCollateral(count);
        assertThat(network.tokens(RP)).isEqualTo(rpBefore.subtract(resultsCollateral));
        assertThat(network.escrow(deal))
                .isEqualTo(terms.paymentCollateral()
                        .add(terms.judgeResultsCollateral())
                        .add(resultsCollateral));

        Result result = network.solver.result(deal.id());
        byte[] tar = network.solver.storedFiles(deal.id()).orElseThrow();
        assertThat(ContentIds.ofBytes(tar)).isEqualTo(result.dataId());
        assertThat(entry(tar, "stdout")).contains("< moo >");
        assertThat(entry(tar, "exitCode")).isEqualTo("0");
        assertThat(network.solverView().getResult(terms).orElseThrow().dataId().bytes())
                .isEqualTo(result.onChainDataId());
        Await.until(Duration.ofSeconds(10), "the addResult hash at the solver", () -> !network.solver
                .deal(deal.id())
                .transactions()
                .resourceProvider()
                .addResult()
                .isEmpty());

        network.jc.acceptResult(terms);

        // acceptResult: RP +pay +R, JC +(P - pay) +Tj
        BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
        assertThat(network.agreement(deal).state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertThat(network.tokens(RP).subtract(rpBefore)).isEqualTo(pay);
        assertThat(network.tokens(JC).subtract(jcBefore)).isEqualTo(pay.negate());
        assertThat(network.escrow(deal)).isZero();
        assertThat(network.resultsAdded(deal)).isEqualTo(1);
    }

    @Test
    void shouldSendItsRolledBackResultAgainAndBePaidWhenTheChainRollsBackItsBlocks(CapturedOutput output)
            throws Exception {
        BigInteger rpBefore = network.tokens(RP);
        startProvider(Map.of());
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "moo"));
        DealTerms terms = network.terms(deal);
        network.awaitProviderAgreed(deal);
        String beforeJobCreatorAgreed = chain.node().snapshot();
        network.jc.agree(terms);
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        assertThat(network.resultsAdded(deal)).isEqualTo(1);

        // Behind the services' backs the chain loses every block since the provider agreed: the
        // job creator's agree and the provider's addResult are gone.
        chain.node().revert(beforeJobCreatorAgreed);
        network.jc.resetNonce();
        assertThat(network.agreement(deal).state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(network.resultsAdded(deal)).isZero();
        network.jc.agree(terms);

        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        network.jc.acceptResult(terms);

        BigInteger count = network.agreement(deal).instructionCount();
        BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
        assertThat(network.agreement(deal).state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertThat(network.tokens(RP).subtract(rpBefore)).isEqualTo(pay);
        assertThat(network.escrow(deal)).isZero();
        assertThat(network.resultsAdded(deal)).isEqualTo(1);
        assertThat(output.getAll()).contains("is no longer in the chain: the chain's history changed");
    }

    @Test
    void shouldClaimPaymentWhenTheJobCreatorNeverJudgesTheResults() throws Exception {
        startProvider(Map.of());
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "anyone there?"));
        DealTerms terms = network.terms(deal);
        network.awaitProviderAgreed(deal);
        BigInteger rpBefore = network.tokens(RP).add(terms.submitResultsCollateral());
        BigInteger jcBefore = network.tokens(JC);
        BigInteger treasuryBefore = network.tokens(TREASURY);
        network.jc.agree(terms);
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));

        chain.increaseTime(terms.judgeResultsTimeoutSeconds() + 1);
        chain.node().mine();
        network.awaitState(deal, AgreementState.TIMEOUT_JUDGE_RESULTS, Duration.ofSeconds(30));

        BigInteger count = network.agreement(deal).instructionCount();
        BigInteger pay = terms.jobCost(count).min(terms.paymentCollateral());
        assertThat(network.tokens(RP).subtract(rpBefore)).isEqualTo(pay);
        assertThat(network.tokens(JC).subtract(jcBefore))
                .isEqualTo(pay.negate().subtract(terms.judgeResultsCollateral()));
        assertThat(network.tokens(TREASURY).subtract(treasuryBefore)).isEqualTo(terms.judgeResultsCollateral());
        assertThat(network.escrow(deal)).isZero();
        Await.until(Duration.ofSeconds(10), "the timeout hash at the solver", () -> !network.solver
                .deal(deal.id())
                .transactions()
                .resourceProvider()
                .timeoutJudgeResults()
                .isEmpty());
    }

    @Test
    void shouldPostTheExitCodeAndLogsWhenTheJobFailsInsideItsContainer() throws Exception {
        startProvider(Map.of());
        DealContainer deal = network.postJob("failing:v0.0.1", Map.of("Code", "3"));
        network.awaitProviderAgreed(deal);

        network.jc.agree(network.terms(deal));
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));

        Result result = network.solver.result(deal.id());
        assertThat(result.error()).isEqualTo("the job exited with code 3");
        assertThat(result.instructionCount()).isPositive();
        byte[] tar = network.solver.storedFiles(deal.id()).orElseThrow();
        assertThat(entry(tar, "exitCode")).isEqualTo("3");
        assertThat(entry(tar, "stdout")).isEqualTo("working\n");
        assertThat(entry(tar, "stderr")).isEqualTo("something broke\n");
    }

    @Test
    void shouldPostAnErrorResultAndServeTheNextJobWhenTheSolverRefusesTheResultTarAsTooLarge() throws Exception {
        network.solver.maxUploadBytes(256 * 1024);
        startProvider(Map.of());
        DealContainer big = network.postJob("big-outputs:v0.0.1", Map.of("KiB", "1024"));
        network.awaitProviderAgreed(big);
        network.jc.agree(network.terms(big));

        // The deal proceeds with an error result instead of the upload being retried for good.
        network.awaitState(big, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        Result result = network.solver.result(big.id());
        assertThat(result.error())
                .startsWith("result not delivered: outputs too large: ")
                .contains("over the solver's limit");
        byte[] tar = network.solver.storedFiles(big.id()).orElseThrow();
        assertThat(tar.length).isLessThan(256 * 1024);
        assertThat(ContentIds.ofBytes(tar)).isEqualTo(result.dataId());
        assertThat(entry(tar, "stderr")).contains("outputs too large");
        assertThat(network.solver.refusedUploads()).isEqualTo(1);

        // The slot is free again: the next ordinary job runs on it.
        DealContainer next = network.postJob("cowsay:v0.0.1", Map.of("Message", "next"));
        network.awaitProviderAgreed(next);
        network.jc.agree(network.terms(next));
        network.awaitState(next, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        assertThat(network.solver.result(next.id()).error()).isEmpty();
        assertThat(entry(network.solver.storedFiles(next.id()).orElseThrow(), "stdout"))
                .contains("< next >");
    }

    @Test
    void shouldEndTheJobWithAnErrorWhenItsOutputsPassTheProvidersLimit() throws Exception {
        startProvider(Map.of("JOB_OUTPUTS_LIMIT", "102400", "JOB_LOGS_LIMIT", "4"));
        DealContainer deal = network.postJob("big-outputs:v0.0.1", Map.of("KiB", "1024"));
        network.awaitProviderAgreed(deal);
        network.jc.agree(network.terms(deal));

        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(60));
        Result result = network.solver.result(deal.id());
        assertThat(result.error()).matches("outputs too large: at least \\d+ bytes, limit 102400");
        byte[] tar = network.solver.storedFiles(deal.id()).orElseThrow();
        assertThat(tar.length).isLessThan(16 * 1024);
        assertThat(entry(tar, "stdout")).isEqualTo("writ\n[coophive: stdout truncated: 13 bytes written, limit 4]\n");
        assertThat(entry(tar, "exitCode")).isEqualTo("0");
        assertThat(network.solver.refusedUploads()).isZero();
    }

    @Test
    void shouldRefundItsCollateralWhenTheJobCreatorNeverAgrees() {
        startProvider(Map.of());
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "hello?"));
        DealTerms terms = network.terms(deal);
        network.awaitProviderAgreed(deal);
        BigInteger rpAfterAgree = network.tokens(RP);

        try {
            chain.increaseTime(terms.agreeTimeoutSeconds() + 1);
            chain.node().mine();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        network.awaitState(deal, AgreementState.TIMEOUT_AGREE, Duration.ofSeconds(30));

        assertThat(network.tokens(RP).subtract(rpAfterAgree)).isEqualTo(terms.submitResultsCollateral());
        assertThat(network.escrow(deal)).isZero();
    }

    @Test
    void shouldRemoveItsJobContainerWaitingAtTheGateWhenItStops() throws Exception {
        startProvider(Map.of());
        DealContainer deal = network.postJob("cowsay:v0.0.1", Map.of("Message", "never agreed by the job creator"));
        network.awaitProviderAgreed(deal);
        try (DockerClient docker = DockerExecutor.localEngine()) {
            Await.until(
                    Duration.ofSeconds(60), "the deal's job container started behind its gate", () -> gatedJobs(docker)
                            .contains(deal.id()));

            provider.close();
            provider = null;

            assertThat(gatedJobs(docker))
                    .as("this provider's gated job containers once stopped")
                    .isEmpty();
        }
    }

    /** The jobs (deal ids) of this provider's containers started behind the gate, on the engine. */
    private List<String> gatedJobs(DockerClient docker) {
        String owner = ":" + dataDir.toAbsolutePath().normalize();
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.GATED_LABEL, "true"))
                .exec()
                .stream()
                .filter(c -> c.getLabels()
                        .getOrDefault(DockerExecutor.OWNER_LABEL, "")
                        .endsWith(owner))
                .map(c -> c.getLabels().get(DockerExecutor.JOB_LABEL))
                .toList();
    }

    private static String entry(byte[] tar, String name) throws Exception {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in the result tar");
    }
}
