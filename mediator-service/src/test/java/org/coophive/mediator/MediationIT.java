package org.coophive.mediator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.Result;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.HealthProbe;
import org.coophive.common.testing.HostileRequests;
import org.coophive.common.testing.RpcOutageProxy;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.JobSpec;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;
import org.coophive.mediator.testing.LogCapture;
import org.coophive.mediator.testing.TestDeals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Workflows 2 and 3 with the real mediator application, a real chain (Anvil with the contracts)
 * and a real Docker engine (local images only). The test plays the job creator and the resource
 * provider with their dev keys, and the solver with an HTTP fake; the mediator runs as it would in
 * production, woken by the chain's {@code MediationRequested} (its periodic pass is an hour apart).
 */
class MediationIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private static final DevAccount JOB_CREATOR = DevAccounts.jobCreator();
    private static final DevAccount RESOURCE_PROVIDER = DevAccounts.resourceProvider();
    private static final DevAccount MEDIATOR = DevAccounts.mediator();
    private static final DevAccount OUTSIDER = DevAccounts.directory();
    private static final String TREASURY = DevAccounts.treasury().address();
    private static final ModuleConfig COWSAY = ModuleConfig.shortcut("cowsay:v0.0.1");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static DockerClient docker;

    @TempDir
    Path temp;

    private FakeSolver solver;
    private Web3ChainClient jobCreator;
    private Web3ChainClient resourceProvider;
    private ConfigurableApplicationContext mediator;

    @BeforeAll
    static void engine() {
        docker = DockerExecutor.localEngine();
    }

    @AfterAll
    static void closeEngine() throws Exception {
        docker.close();
    }

    @BeforeEach
    void parties() throws Exception {
        solver = FakeSolver.start();
        jobCreator = client(JOB_CREATOR);
        resourceProvider = client(RESOURCE_PROVIDER);
        jobCreator.approvePayments(TestDeals.TOKEN.multiply(BigInteger.valueOf(1000)));
        resourceProvider.approvePayments(TestDeals.TOKEN.multiply(BigInteger.valueOf(1000)));
    }

    @AfterEach
    void stop() {
        // Before the fixture reverts the chain.
        if (mediator != null) mediator.close();
        jobCreator.close();
        resourceProvider.close();
        solver.close();
    }

    @Test
    void shouldAcceptAnHonestResultAndPayTheProviderAndTheMediator() throws Exception {
        mediator = startMediator(temp.resolve("mediator"));
        Deal deal = deal("an honest cow");
        DealTerms terms = DealTerms.of(deal);
        Balances before = Balances.read();

        long instructions = agreeAndPostResults(deal, terms, false);
        jobCreator.checkResult(terms);
        // The race that made this test flaky, every time: the mediator hears MediationRequested and
        // asks for the files before the solver has recorded it (403). Its own retry, soon, takes the
        // step: the fake solver sends no event, and the next pass is an hour away.
        Await.until(PATIENCE, "the mediator's first try at the files", () -> solver.requests()
                .contains("GET /api/v1/deals/" + deal.id() + "/files"));
        assertThat(solver.downloads()).isEmpty();
        solver.mediatorPicked(deal.id(), MEDIATOR.address());

        awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
        BigInteger pay = terms.jobCost(BigInteger.valueOf(instructions)).min(terms.paymentCollateral());
        Balances after = Balances.read();
        assertThat(after.minus(before))
                .isEqualTo(new Balances(pay.negate().subtract(terms.mediationFee()), pay, terms.mediationFee(), ZERO));
        assertThat(jobCreator.escrowOf(terms)).isZero();

        assertThat(solver.downloads()).contains(deal.id() + " " + MEDIATOR.address());
        Await.until(PATIENCE, "the judgement reported to the solver", () -> !solver.storedDeal(deal.id())
                .orElseThrow()
                .transactions()
                .mediator()
                .mediationAcceptResult()
                .isEmpty());
        assertThat(prometheus()).containsPattern("coophive_mediator_mediations_total\\{.*outcome=\"accepted\".*} 1.0");
        // Anyone may ask: each check's status, none of its details (address, versions, URLs).
        assertThat(http("/actuator/health"))
                .contains("\"status\":\"UP\"")
                .contains("\"chain\":{\"status\":\"UP\"}")
                .contains("\"solver\":{\"status\":\"UP\"}")
                .contains("\"docker\":{\"status\":\"UP\"}")
                .doesNotContain("details");
    }

    @Test
    void shouldAnswerProblemDetailsWithADocumentedTypeForHostileRequestsAndUnknownRoutes() throws Exception {
        mediator = startMediator(temp.resolve("mediator"));
        int port = Integer.parseInt(mediator.getEnvironment().getProperty("local.server.port"));

        HostileRequests.assertRefusedAsProblems(port, "/nowhere", "/actuator/nowhere", "/api/v1/mediations");
    }

    @Test
    void shouldRejectAWrongResultAndSlashTheProviderToTheTreasury() throws Exception {
        mediator = startMediator(temp.resolve("mediator"));
        Deal deal = deal("a cow the provider will not run");
        DealTerms terms = DealTerms.of(deal);
        Balances before = Balances.read();

        long instructions = agreeAndPostResults(deal, terms, true);
        jobCreator.checkResult(terms);
        solver.mediatorPicked(deal.id(), MEDIATOR.address());

        awaitState(terms, AgreementState.MEDIATION_REJECTED);
        BigInteger slashed = terms.resultsCollateral(BigInteger.valueOf(instructions));
        Balances after = Balances.read();
        assertThat(after.minus(before))
                .isEqualTo(
                        new Balances(terms.mediationFee().negate(), slashed.negate(), terms.mediationFee(), slashed));
        assertThat(jobCreator.escrowOf(terms)).isZero();
        Await.until(PATIENCE, "the judgement reported to the solver", () -> !solver.storedDeal(deal.id())
                .orElseThrow()
                .transactions()
                .mediator()
                .mediationRejectResult()
                .isEmpty());
        assertThat(prometheus()).containsPattern("coophive_mediator_mediations_total\\{.*outcome=\"rejected\".*} 1.0");
    }

    @Test
    void shouldRefuseAJudgementFromAMediatorTheDealDidNotPick() throws Exception {
        Deal deal = deal("only the picked mediator may judge this cow");
        DealTerms terms = DealTerms.of(deal);
        agreeAndPostResults(deal, terms, false);
        jobCreator.checkResult(terms);

        try (Web3ChainClient outsider = client(OUTSIDER)) {
            assertThatThrownBy(() -> outsider.mediationAcceptResult(terms))
                    .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                            .isEqualTo("NotDealMediator"));
            assertThatThrownBy(() -> outsider.mediationRejectResult(terms))
                    .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                            .isEqualTo("NotDealMediator"));
        }
        assertThat(jobCreator.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_CHECKED);

        // The picked one still can: the mediator service, started now, finds the request on chain.
        solver.mediatorPicked(deal.id(), MEDIATOR.address());
        mediator = startMediator(temp.resolve("mediator"));
        awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
    }

    @Test
    void shouldLeaveADealToTheMediateTimeoutWhileStoppedAndNotJudgeItAfterwards() throws Exception {
        Deal deal = deal("a cow nobody judges in time");
        DealTerms terms = DealTerms.of(deal);
        Balances before = Balances.read();
        agreeAndPostResults(deal, terms, false);
        jobCreator.checkResult(terms);
        solver.mediatorPicked(deal.id(), MEDIATOR.address());

        chain.increaseTime(TestDeals.TIMEOUT_SECONDS + 1);
        jobCreator.timeoutMediateResults(terms);
        assertThat(Balances.read().minus(before)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO));

        mediator = startMediator(temp.resolve("mediator"));
        Await.until(PATIENCE, "the mediator to see the deal ended", () -> prometheus()
                .matches("(?s).*coophive_mediator_mediations_total\\{.*outcome=\"timed_out\".*} 1.0.*"));
        assertThat(jobCreator.getAgreement(terms).state()).isEqualTo(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertThat(Balances.read().minus(before)).isEqualTo(new Balances(ZERO, ZERO, ZERO, ZERO));
        assertThat(solver.downloads()).isEmpty();
    }

    @Test
    void shouldWaitForAJudgementLeftPendingByACrashAndNeverSendASecondOne() throws Exception {
        Path dataDir = temp.resolve("mediator");
        mediator = startMediator(dataDir, "300ms");
        Deal deal = deal("a cow judged across a crash");
        DealTerms terms = DealTerms.of(deal);
        agreeAndPostResults(deal, terms, false);
        BigInteger mined = nonce(MEDIATOR, DefaultBlockParameterName.LATEST);

        setAutomine(false);
        try {
            BigInteger jobCreatorNonce = nonce(JOB_CREATOR, DefaultBlockParameterName.LATEST);
            CompletableFuture<TxResult> check = CompletableFuture.supplyAsync(() -> jobCreator.checkResult(terms));
            Await.until(
                    PATIENCE, "the check to reach the node", () -> nonce(JOB_CREATOR, DefaultBlockParameterName.PENDING)
                            .equals(jobCreatorNonce.add(BigInteger.ONE)));
            chain.node().mine(); // the check only: the judgement will stay pending
            check.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            solver.mediatorPicked(deal.id(), MEDIATOR.address());
            Await.until(PATIENCE, "the judgement to reach the node", () -> nonce(
                            MEDIATOR, DefaultBlockParameterName.PENDING)
                    .equals(mined.add(BigInteger.ONE)));

            mediator.close(); // the mediator dies while its judgement is pending
            mediator = startMediator(dataDir, "300ms");
            // Attached once started (Spring Boot resets logging while starting); every pass logs it again.
            try (LogCapture log = LogCapture.of("org.coophive.mediator.mediations.DealMediator")) {
                Await.until(
                        PATIENCE,
                        "the restarted mediator to find its pending judgement",
                        () -> log.contains("is PENDING"));
            }
            assertThat(nonce(MEDIATOR, DefaultBlockParameterName.PENDING)).isEqualTo(mined.add(BigInteger.ONE));

            chain.node().mine();
        } finally {
            setAutomine(true);
        }
        awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
        Await.until(PATIENCE, "the judgement reported to the solver", () -> !solver.storedDeal(deal.id())
                .orElseThrow()
                .transactions()
                .mediator()
                .mediationAcceptResult()
                .isEmpty());
        assertThat(nonce(MEDIATOR, DefaultBlockParameterName.LATEST)).isEqualTo(mined.add(BigInteger.ONE));
        assertThat(solver.downloads()).hasSize(1); // checked once, not again after the restart
    }

    @Test
    void shouldMediateWithOneJudgementAndExactMoneyWhenTheNodeDropsTheJudgementWhileTheMediatorIsDown()
            throws Exception {
        Path dataDir = temp.resolve("mediator");
        mediator = startMediator(dataDir, "300ms");
        Deal deal = deal("a cow whose judgement the node dropped");
        DealTerms terms = DealTerms.of(deal);
        Balances before = Balances.read();
        long instructions = agreeAndPostResults(deal, terms, false);
        BigInteger mined = nonce(MEDIATOR, DefaultBlockParameterName.LATEST);
        AnvilNode node = chain.node();

        String dropped;
        node.automine(false);
        try {
            BigInteger jobCreatorNonce = nonce(JOB_CREATOR, DefaultBlockParameterName.LATEST);
            CompletableFuture<TxResult> check = CompletableFuture.supplyAsync(() -> jobCreator.checkResult(terms));
            Await.until(
                    PATIENCE, "the check to reach the node", () -> nonce(JOB_CREATOR, DefaultBlockParameterName.PENDING)
                            .equals(jobCreatorNonce.add(BigInteger.ONE)));
            node.mine(); // the check only: the judgement will stay pending
            check.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            solver.mediatorPicked(deal.id(), MEDIATOR.address());
            Await.until(PATIENCE, "the judgement to reach the node", () -> !pendingOfTheMediator()
                    .isEmpty());
            dropped = pendingOfTheMediator().get(0);

            mediator.close(); // the mediator stops while its judgement is pending; then the node loses it
            node.dropTransaction(dropped);
            assertThat(nonce(MEDIATOR, DefaultBlockParameterName.PENDING)).isEqualTo(mined);

            mediator = startMediator(dataDir, "300ms");
            // The journaled bytes are delivered again: the very same transaction, same nonce.
            Await.until(PATIENCE, "the journaled judgement delivered again", () -> pendingOfTheMediator()
                    .equals(List.of(dropped)));
            node.mine();
        } finally {
            node.automine(true);
        }
        awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
        Await.until(PATIENCE, "the judgement reported to the solver", () -> solver.storedDeal(deal.id())
                .orElseThrow()
                .transactions()
                .mediator()
                .mediationAcceptResult()
                .equals(dropped));
        assertThat(nonce(MEDIATOR, DefaultBlockParameterName.LATEST)).isEqualTo(mined.add(BigInteger.ONE));
        assertThat(solver.downloads()).hasSize(1); // checked once, not again after the restart
        BigInteger pay = terms.jobCost(BigInteger.valueOf(instructions)).min(terms.paymentCollateral());
        assertThat(Balances.read().minus(before))
                .isEqualTo(new Balances(pay.negate().subtract(terms.mediationFee()), pay, terms.mediationFee(), ZERO));
    }

    @Test
    void shouldAnswerDownDuringAnRpcOutageThenUpAndMediateOnceTheChainAnswersAgain() throws Exception {
        int anvilPort = URI.create(chain.node().rpcUrl()).getPort();
        try (RpcOutageProxy proxy = new RpcOutageProxy(anvilPort)) {
            mediator = startMediator(temp.resolve("mediator"), "300ms", Map.of(Web3Properties.RPC_URL, proxy.url()));
            Deal deal = deal("a cow judged after an outage");
            DealTerms terms = DealTerms.of(deal);
            Balances before = Balances.read();
            long instructions = agreeAndPostResults(deal, terms, false);
            assertThat(healthStatus()).isEqualTo(200);

            proxy.stall();
            long stalled = System.nanoTime();
            Await.until(
                    Duration.ofSeconds(30), "the mediator's health to answer DOWN (503)", () -> healthStatus() == 503);
            Duration toDown = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(toDown).as("time to DOWN").isLessThan(Duration.ofSeconds(15));
            // The mediation is asked for while the mediator cannot reach the chain.
            jobCreator.checkResult(terms);
            solver.mediatorPicked(deal.id(), MEDIATOR.address());
            assertThat(healthStatus()).isEqualTo(503);
            assertThat(jobCreator.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_CHECKED);

            proxy.resume();
            long resumed = System.nanoTime();
            Await.until(PATIENCE, "the mediator's health UP again", () -> healthStatus() == 200);
            Duration toUp = Duration.ofNanos(System.nanoTime() - resumed);
            awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
            System.out.printf(
                    "mediator rpc outage: DOWN after %d ms, UP again %d ms after the chain answered%n",
                    toDown.toMillis(), toUp.toMillis());
            BigInteger pay = terms.jobCost(BigInteger.valueOf(instructions)).min(terms.paymentCollateral());
            assertThat(Balances.read().minus(before))
                    .isEqualTo(
                            new Balances(pay.negate().subtract(terms.mediationFee()), pay, terms.mediationFee(), ZERO));
        }
    }

    @Test
    void shouldAcceptTheDeliveredResultOfAModuleThatCannotBeVerifiedByRerunning() throws Exception {
        mediator = startMediator(temp.resolve("mediator"));
        Deal deal = TestDeals.deal(
                DevAccounts.solver().address(),
                JOB_CREATOR.address(),
                RESOURCE_PROVIDER.address(),
                List.of(MEDIATOR.address()),
                ModuleConfig.shortcut("sdxl:v0.2.9"),
                Map.of(),
                System.currentTimeMillis());
        DealTerms terms = DealTerms.of(deal);
        solver.putDeal(TestDeals.container(deal, AgreementState.DEAL_NEGOTIATING, ""));
        resourceProvider.agree(terms);
        jobCreator.agree(terms);
        // The RP ran the GPU job elsewhere (no GPU nor sdxl image here): its result, as it delivered it.
        Path resultDir = temp.resolve("rp-result");
        Files.createDirectories(resultDir.resolve("outputs"));
        Files.writeString(resultDir.resolve("stdout"), "sampling 30 steps\n");
        Files.writeString(resultDir.resolve("stderr"), "");
        Files.writeString(resultDir.resolve("exitCode"), "0");
        Files.write(resultDir.resolve("outputs/image-42.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        postResult(deal, terms, resultDir, 1500);
        jobCreator.checkResult(terms);
        solver.mediatorPicked(deal.id(), MEDIATOR.address());

        awaitState(terms, AgreementState.MEDIATION_ACCEPTED);
        assertThat(solver.downloads()).containsExactly(deal.id() + " " + MEDIATOR.address());
        assertThat(prometheus()).doesNotContain("coophive_mediator_reruns_total{");
    }

    // ------------------------------------------------------------------ the parties

    private static Deal deal(String message) {
        return TestDeals.deal(
                DevAccounts.solver().address(),
                JOB_CREATOR.address(),
                RESOURCE_PROVIDER.address(),
                List.of(MEDIATOR.address()),
                COWSAY,
                Map.of("Message", message),
                System.currentTimeMillis());
    }

    /**
     * Both parties agree; the RP runs the job through the Docker executor (in wrong-results mode it
     * changes the output first), uploads the deterministic tar and posts the result on chain.
     *
     * @return the instruction count the RP posted
     */
    private long agreeAndPostResults(Deal deal, DealTerms terms, boolean wrongResults) throws Exception {
        solver.putDeal(TestDeals.container(deal, AgreementState.DEAL_NEGOTIATING, ""));
        resourceProvider.agree(terms);
        jobCreator.agree(terms);

        JobSpec job = new ModuleLoader(temp.resolve("rp-modules"))
                .loadRemoteOnly(deal.jobOffer().module(), deal.jobOffer().inputs());
        Path resultDir = temp.resolve("rp-result");
        ExecutionResult run;
        try (DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            run = executor.run(job, resultDir); // closing waits for the container's removal
        }
        assertThat(run.outcome()).isEqualTo(ExecutionResult.Outcome.SUCCEEDED);
        if (wrongResults) {
            Files.writeString(resultDir.resolve("stdout"), "the cow said nothing\n", StandardCharsets.UTF_8);
        }
        postResult(deal, terms, resultDir, run.instructionCount());
        return run.instructionCount();
    }

    /** The RP uploads the deterministic tar of {@code resultDir}, posts the result and commits to it on chain. */
    private void postResult(Deal deal, DealTerms terms, Path resultDir, long instructionCount) throws Exception {
        PackagedResult packed = ResultPackager.pack(resultDir, temp.resolve("rp-result.tar"));
        Result result = new Result("", deal.id(), packed.dataId(), "", instructionCount);
        result = result.withId(ContentIds.of(result));
        solver.putResult(result, Files.readAllBytes(packed.tar()));
        resourceProvider.addResult(
                terms,
                Bytes32.of(result.onChainId()),
                Bytes32.of(result.onChainDataId()),
                BigInteger.valueOf(instructionCount));
    }

    private static Web3ChainClient client(DevAccount account) {
        return Web3ChainClient.connect(Web3Properties.fromEnvironment(web3(account)));
    }

    private static Map<String, String> web3(DevAccount account) {
        return Map.of(
                Web3Properties.RPC_URL, chain.node().rpcUrl(),
                Web3Properties.PRIVATE_KEY, privateKey(account),
                Web3Properties.CHAIN_ID, Long.toString(AnvilNode.CHAIN_ID),
                Web3Properties.CONTROLLER_ADDRESS, chain.addresses().controller());
    }

    private static String privateKey(DevAccount account) {
        return Numeric.toHexStringWithPrefixZeroPadded(
                account.credentials().getEcKeyPair().getPrivateKey(), 64);
    }

    // ------------------------------------------------------------------ the mediator

    private ConfigurableApplicationContext startMediator(Path dataDir) {
        return startMediator(dataDir, "1h");
    }

    private ConfigurableApplicationContext startMediator(Path dataDir, String passInterval) {
        return startMediator(dataDir, passInterval, Map.of());
    }

    private ConfigurableApplicationContext startMediator(
            Path dataDir, String passInterval, Map<String, String> overrides) {
        Map<String, Object> properties = new HashMap<>(web3(MEDIATOR));
        properties.putAll(overrides);
        properties.put("SERVICE_SOLVER", DevAccounts.solver().address());
        properties.put("SERVICE_SOLVER_URL", solver.url().toString());
        properties.put("DATA_DIR", dataDir.toString());
        properties.put("SERVER_PORT", "0");
        properties.put("MEDIATOR_PASS_INTERVAL", passInterval);
        return new SpringApplicationBuilder(MediatorApplication.class)
                .properties(properties)
                .run();
    }

    private static BigInteger nonce(DevAccount account, DefaultBlockParameterName block) {
        try {
            return chain.chain()
                    .web3j()
                    .ethGetTransactionCount(account.address(), block)
                    .send()
                    .getTransactionCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void setAutomine(boolean on) throws Exception {
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_setAutomine\",\"params\":[" + on + "]}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(chain.node().rpcUrl()))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).doesNotContain("error");
    }

    private String http(String path) {
        String port = mediator.getEnvironment().getProperty("local.server.port");
        return RestClient.create("http://127.0.0.1:" + port)
                .get()
                .uri(path)
                .retrieve()
                .body(String.class);
    }

    /** The HTTP status of the mediator's health endpoint (200 UP, 503 DOWN). */
    private int healthStatus() {
        return HealthProbe.status(Integer.parseInt(mediator.getEnvironment().getProperty("local.server.port")));
    }

    /** The mediator's transactions in the node's pool. */
    private static List<String> pendingOfTheMediator() {
        try {
            return chain.node().pendingTransactions(MEDIATOR.address());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String prometheus() {
        return http("/actuator/prometheus");
    }

    private void awaitState(DealTerms terms, AgreementState state) {
        Await.until(
                PATIENCE,
                "deal in " + state,
                () -> jobCreator.getAgreement(terms).state() == state);
    }

    private static final BigInteger ZERO = BigInteger.ZERO;

    /** Token balances of the JC, the RP, the mediator and the treasury. */
    private record Balances(
            BigInteger jobCreator, BigInteger resourceProvider, BigInteger mediator, BigInteger treasury) {

        static Balances read() throws Exception {
            return new Balances(
                    chain.tokensOf(JOB_CREATOR.address()),
                    chain.tokensOf(RESOURCE_PROVIDER.address()),
                    chain.tokensOf(MEDIATOR.address()),
                    chain.tokensOf(TREASURY));
        }

        Balances minus(Balances other) {
            return new Balances(
                    jobCreator.subtract(other.jobCreator),
                    resourceProvider.subtract(other.resourceProvider),
                    mediator.subtract(other.mediator),
                    treasury.subtract(other.treasury));
        }
    }
}
