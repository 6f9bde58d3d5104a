package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.RpcOutageProxy;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crash safety across real processes: a resource provider killed with SIGKILL while its job runs,
 * and a solver killed with SIGKILL between the match and the agreement, are started again on the
 * same data folders and the deal completes (one {@code addResult}, balances as the table says).
 * Chain faults: the chain rolls back the blocks of a deal's {@code addResult} and
 * {@code acceptResult} behind the services' backs (Anvil reverted to a snapshot); with
 * {@code WEB3_CONFIRMATIONS} each party sends its rolled-back transaction again, {@code run}
 * reports the outcome final only once it is, and each step is mined once on the surviving chain.
 * The node drops the pending {@code addResult} of the provider and {@code acceptResult} of the job
 * creator (automine off): each is delivered again and mined once. An RPC outage of a minute in
 * front of the provider ({@link RpcOutageProxy}): its health answers DOWN within seconds, UP once
 * the chain answers again, and the job completes. A settlement rolled back while the solver is
 * stopped: started again, the solver finds its saved block gone, reads again and reports the deal
 * as the chain has it.
 *
 * <p>The provider's job must run long enough to be killed during it: the provider and {@code run}
 * get the test module {@code slow-cowsay} (a cowsay that sleeps first, {@code
 * src/test/resources/test-modules}) through Spring Boot's {@code loader.path}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    static Stack stack;
    static Web3ChainClient reader;
    static DevJobCreator jobCreator;
    static SolverClient asJobCreator;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.chainAndSolver("crash").withModules(Path.of("target", "test-classes", "test-modules"));
        try {
            stack.startProvider();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        reader = stack.client(DevAccounts.directory());
        jobCreator = new DevJobCreator(stack, reader, WAIT);
        asJobCreator = jobCreator.solver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (reader != null) reader.close();
        if (stack != null) stack.close();
    }

    static Ledger ledger() {
        return Ledger.read(
                reader,
                DevAccounts.resourceProvider().address(),
                DevAccounts.jobCreator().address(),
                DevAccounts.treasury().address());
    }

    static java.util.function.Supplier<String> stderrOf(Stack.Run run) {
        return () -> "\n--- run stderr ---\n" + run.stderr();
    }

    /** The ResultAdded events of one deal (by its key), from the first block. */
    static List<EthLog.LogResult> resultAdded(DealTerms terms) throws IOException {
        EthFilter filter = new EthFilter(
                        DefaultBlockParameterName.EARLIEST,
                        DefaultBlockParameterName.LATEST,
                        stack.chain().addresses().storage())
                .addSingleTopic(EventEncoder.encode(CoopHiveStorage.RESULTADDED_EVENT))
                .addSingleTopic(terms.key().hex());
        return stack.chain().chain().web3j().ethGetLogs(filter).send().getLogs();
    }

    /** Running job containers (the executor labels them {@code org.coophive.job}); one job runs at a time here. */
    static String jobContainers() throws IOException, InterruptedException {
        Process docker = new ProcessBuilder("docker", "ps", "-q", "--filter", "label=org.coophive.job")
                .redirectErrorStream(true)
                .start();
        String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        docker.waitFor();
        return out.isEmpty() ? null : out;
    }

    @Test
    @Order(1)
    void shouldCompleteTheDealWithOneAddResultWhenTheProviderIsKilledMidJobAndRestarted() throws Exception {
        jobCreator.awaitProviderOffer();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run =
                stack.startRun(Map.of(), "slow-cowsay:v0.0.1", "-i", "Message=still here", "-i", "Seconds=4", "--json");
        DealTerms terms =
                jobCreator.awaitNewDeal(known, "agreed", a -> a.state() == AgreementState.DEAL_AGREED, stderrOf(run));
        Await.until("the job's container running", WAIT, stack::logs, () -> jobContainers());

        stack.provider().kill();
        stack.startProvider();

        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(summary.get("stdout").asString()).contains("< still here >");
        assertThat(resultAdded(terms))
                .as("ResultAdded events of the deal%s", stack.logs())
                .hasSize(1);
        ledger.assertMoved(
                terms,
                AgreementState.RESULTS_ACCEPTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.ACCEPT_RESULT);
    }

    @Test
    @Order(2)
    void shouldCompleteTheDealWhenTheSolverIsKilledBetweenMatchAndAgreementAndRestarted() throws Exception {
        jobCreator.awaitProviderOffer();
        // The provider is away, so the deal cannot be agreed before the solver dies.
        stack.provider().stop();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run = stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=moo", "--json");
        DealTerms terms = jobCreator.awaitNewDeal(known, "matched", a -> true, stderrOf(run));

        stack.solver().kill();
        assertThat(reader.getAgreement(terms).state())
                .as("the deal is not agreed when the solver dies")
                .isEqualTo(AgreementState.DEAL_NEGOTIATING);
        stack.startProvider(Map.of());
        stack.startSolver();
        stack.provider().awaitHealthy(Stack.STARTUP);

        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        assertThat(resultAdded(terms)).hasSize(1);
        ledger.assertMoved(
                terms,
                AgreementState.RESULTS_ACCEPTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.ACCEPT_RESULT);
    }

    @Test
    @Order(3)
    void shouldEndFinalWithEachStepMinedOnceWhenTheChainRollsBackTheDealsLastBlocks() throws Exception {
        // Settlements count as final 3 blocks deep: the rollback below comes before that.
        Map<String, String> confirmations = Map.of("WEB3_CONFIRMATIONS", "3");
        stack.provider().stop();
        stack.startProvider(confirmations).awaitHealthy(Stack.STARTUP);
        jobCreator.awaitProviderOffer();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run = stack.startRun(
                confirmations, "slow-cowsay:v0.0.1", "-i", "Message=twice mined once", "-i", "Seconds=2", "--json");
        DealTerms terms =
                jobCreator.awaitNewDeal(known, "agreed", a -> a.state() == AgreementState.DEAL_AGREED, stderrOf(run));
        String agreed = stack.chain().node().snapshot();
        // Settled on chain, and the job creator saw it (so the rollback comes after its receipt).
        Await.until(
                "the results accepted and paid",
                WAIT,
                () -> stack.logs() + stderrOf(run).get(),
                () -> reader.getAgreement(terms).state() == AgreementState.RESULTS_ACCEPTED
                                && run.stderr().contains(" paid ")
                        ? true
                        : null);
        assertThat(run.stderr()).doesNotContain(" final ");

        // Behind every service's back the chain loses the blocks of addResult and acceptResult.
        stack.chain().node().revert(agreed);
        assertThat(reader.getAgreement(terms).state()).isEqualTo(AgreementState.DEAL_AGREED);

        // Each party sends its rolled-back transaction again; blocks then come only when mined here.
        Await.until(
                "the run to report its outcome final",
                WAIT,
                () -> stack.logs() + stderrOf(run).get(),
                () -> {
                    if (reader.getAgreement(terms).state() != AgreementState.RESULTS_ACCEPTED) return null;
                    stack.chain().node().mine();
                    return run.stderr().matches("(?s).*rolled back +the chain rolled back.*final +SUCCEEDED.*")
                            ? true
                            : null;
                });
        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(summary.get("final").asBoolean()).isTrue();
        assertThat(summary.get("stdout").asString()).contains("< twice mined once >");
        assertThat(resultAdded(terms))
                .as("ResultAdded events of the deal%s", stack.logs())
                .hasSize(1);
        ledger.assertMoved(
                terms,
                AgreementState.RESULTS_ACCEPTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.ACCEPT_RESULT);
    }

    @Test
    @Order(4)
    void shouldCompleteWithEachStepMinedOnceWhenTheNodeDropsThePendingTransactionsOfTheProviderAndTheJobCreator()
            throws Exception {
        String provider = DevAccounts.resourceProvider().address();
        String creator = DevAccounts.jobCreator().address();
        jobCreator.awaitProviderOffer();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run = stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=dropped and delivered", "--json");
        DealTerms terms =
                jobCreator.awaitNewDeal(known, "agreed", a -> a.state() == AgreementState.DEAL_AGREED, stderrOf(run));
        AnvilNode node = stack.chain().node();
        Map<String, String> dropped = new java.util.HashMap<>(); // sender -> the hash the node dropped
        node.automine(false);
        try {
            // The provider's addResult and the job creator's acceptResult are each dropped once while
            // pending; every other pending transaction (the ones delivered again) is mined.
            Await.until(
                    "the results accepted",
                    WAIT,
                    () -> "dropped " + dropped + stack.logs() + stderrOf(run).get(),
                    () -> {
                        boolean mine = false;
                        for (String from : List.of(provider, creator)) {
                            for (String hash : node.pendingTransactions(from)) {
                                if (!dropped.containsKey(from)) {
                                    node.dropTransaction(hash);
                                    dropped.put(from, hash);
                                } else {
                                    mine = true;
                                }
                            }
                        }
                        if (mine) node.mine();
                        return reader.getAgreement(terms).state() == AgreementState.RESULTS_ACCEPTED ? true : null;
                    });
        } finally {
            node.automine(true);
        }

        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        assertThat(dropped).as("a transaction of each was dropped").containsOnlyKeys(provider, creator);
        assertThat(resultAdded(terms))
                .as("ResultAdded events of the deal%s", stack.logs())
                .hasSize(1);
        ledger.assertMoved(
                terms,
                AgreementState.RESULTS_ACCEPTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.ACCEPT_RESULT);
    }

    @Test
    @Order(5)
    void shouldReportTheProviderDownQuicklyDuringAnRpcOutageOfAMinuteThenRecoverAndCompleteTheJob() throws Exception {
        int anvilPort = java.net.URI.create(stack.chain().node().rpcUrl()).getPort();
        try (RpcOutageProxy proxy = new RpcOutageProxy(anvilPort)) {
            stack.provider().stop();
            stack.startProvider(Map.of("WEB3_RPC_URL", proxy.url())).awaitHealthy(Stack.STARTUP);
            jobCreator.awaitProviderOffer();
            Set<String> known = jobCreator.deals();
            Ledger ledger = ledger();

            proxy.stall();
            long stalled = System.nanoTime();
            Await.until(
                    "the provider's health to answer DOWN (503)",
                    Duration.ofSeconds(30),
                    stack::logs,
                    () -> stack.provider().healthStatus() == 503 ? true : null);
            Duration toDown = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(toDown).as("time to DOWN").isLessThan(Duration.ofSeconds(15));

            // The job is matched while the provider cannot reach the chain; it stays DOWN, answering.
            Stack.Run run = stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=after the outage", "--json");
            Duration outage = Duration.ofSeconds(60);
            while (System.nanoTime() - stalled < outage.toNanos()) {
                assertThat(stack.provider().healthStatus())
                        .as("the provider's health during the outage%s", stack.logs())
                        .isEqualTo(503);
                Thread.sleep(1_000); // polling cadence over the outage's minute, not a wait for an event
            }

            proxy.resume();
            long resumed = System.nanoTime();
            stack.provider().awaitHealthy(WAIT);
            Duration toUp = Duration.ofNanos(System.nanoTime() - resumed);
            DealTerms terms = jobCreator.awaitNewDeal(known, "agreed", a -> a.resourceProviderAgreed(), stderrOf(run));
            Stack.RunResult result = run.await(WAIT);
            assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
            System.out.printf(
                    "rpc outage: DOWN after %d ms, UP again %d ms after the chain answered%n",
                    toDown.toMillis(), toUp.toMillis());
            assertThat(resultAdded(terms)).hasSize(1);
            ledger.assertMoved(
                    terms,
                    AgreementState.RESULTS_ACCEPTED,
                    stack::logs,
                    Step.AGREE_BY_RESOURCE_PROVIDER,
                    Step.AGREE_BY_JOB_CREATOR,
                    Step.ADD_RESULT,
                    Step.ACCEPT_RESULT);
        } finally {
            stack.provider().stop();
            stack.startProvider();
        }
    }

    @Test
    @Order(6)
    void shouldReportTheDealAsTheChainHasItWhenItsSettlementIsRolledBackWhileTheSolverIsStopped() throws Exception {
        jobCreator.awaitProviderOffer();
        Set<String> known = jobCreator.deals();
        Stack.Run run = stack.startRun(
                Map.of(), "slow-cowsay:v0.0.1", "-i", "Message=undone while away", "-i", "Seconds=2", "--json");
        DealTerms terms =
                jobCreator.awaitNewDeal(known, "agreed", a -> a.state() == AgreementState.DEAL_AGREED, stderrOf(run));
        String agreed = stack.chain().node().snapshot();
        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        String dealId = ContentIds.fromDigest(terms.dealId().bytes());
        Await.until(
                "the solver to report the deal settled, with the hashes of its steps",
                WAIT,
                stack::logs,
                () -> stateAtSolver(dealId) == AgreementState.RESULTS_ACCEPTED
                                && !transactionsAtSolver(dealId)
                                        .resourceProvider()
                                        .addResult()
                                        .isEmpty()
                                && !transactionsAtSolver(dealId)
                                        .jobCreator()
                                        .acceptResult()
                                        .isEmpty()
                        ? true
                        : null);
        DealTransactions settled = transactionsAtSolver(dealId);

        // While the solver and the provider are stopped the chain loses the deal's last blocks.
        stack.solver().stop();
        stack.provider().stop();
        try {
            stack.chain().node().revert(agreed);
            stack.chain().node().mine();
            assertThat(reader.getAgreement(terms).state()).isEqualTo(AgreementState.DEAL_AGREED);

            stack.startSolver();
            Await.until(
                    "the solver to report the deal as the chain has it",
                    Duration.ofSeconds(30),
                    stack::logs,
                    () -> stateAtSolver(dealId) == AgreementState.DEAL_AGREED ? true : null);
            // Without the hashes of the rolled-back steps; those still on chain kept.
            DealTransactions shown = transactionsAtSolver(dealId);
            assertThat(shown.resourceProvider().addResult())
                    .as("addResult rolled back")
                    .isEmpty();
            assertThat(shown.jobCreator().acceptResult())
                    .as("acceptResult rolled back")
                    .isEmpty();
            assertThat(shown.resourceProvider().agree())
                    .isNotEmpty()
                    .isEqualTo(settled.resourceProvider().agree());
            assertThat(shown.jobCreator().agree())
                    .isNotEmpty()
                    .isEqualTo(settled.jobCreator().agree());
        } finally {
            stack.startProvider();
        }
    }

    @Test
    @Order(7)
    void shouldReportTheSolverDownQuicklyDuringAnRpcOutageThenReportTheDealThatMovedOnChainMeanwhile()
            throws Exception {
        int anvilPort = java.net.URI.create(stack.chain().node().rpcUrl()).getPort();
        try (RpcOutageProxy proxy = new RpcOutageProxy(anvilPort)) {
            stack.solver().stop();
            stack.startSolver(Map.of("WEB3_RPC_URL", proxy.url()));
            jobCreator.awaitProviderOffer();
            Set<String> known = jobCreator.deals();

            proxy.stall();
            long stalled = System.nanoTime();
            Await.until(
                    "the solver's health to answer DOWN (503)",
                    Duration.ofSeconds(30),
                    stack::logs,
                    () -> stack.solver().healthStatus() == 503 ? true : null);
            Duration toDown = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(toDown).as("time to DOWN").isLessThan(Duration.ofSeconds(15));

            // The solver still matches (its API needs no chain); the deal is agreed and settled on
            // chain while the solver cannot read a block.
            Stack.Run run =
                    stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=while the solver is blind", "--json");
            DealTerms terms = jobCreator.awaitNewDeal(
                    known, "settled", a -> a.state() == AgreementState.RESULTS_ACCEPTED, stderrOf(run));
            String dealId = ContentIds.fromDigest(terms.dealId().bytes());
            assertThat(stack.solver().healthStatus())
                    .as("the solver's health during the outage%s", stack.logs())
                    .isEqualTo(503);
            assertThat(stateAtSolver(dealId))
                    .as("what the solver could see")
                    .isNotEqualTo(AgreementState.RESULTS_ACCEPTED);

            proxy.resume();
            long resumed = System.nanoTime();
            stack.solver().awaitHealthy(WAIT);
            Duration toUp = Duration.ofNanos(System.nanoTime() - resumed);
            // Every event of the outage read: the deal as the chain has it.
            Await.until(
                    "the solver to report the deal settled",
                    Duration.ofSeconds(30),
                    stack::logs,
                    () -> stateAtSolver(dealId) == AgreementState.RESULTS_ACCEPTED ? true : null);
            Stack.RunResult result = run.await(WAIT);
            assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
            System.out.printf(
                    "solver rpc outage: DOWN after %d ms, UP again %d ms after the chain answered, deal settled at the"
                            + " solver %d ms after%n",
                    toDown.toMillis(),
                    toUp.toMillis(),
                    Duration.ofNanos(System.nanoTime() - resumed).toMillis());
        } finally {
            stack.solver().stop();
            stack.startSolver();
        }
    }

    private static DealTransactions transactionsAtSolver(String dealId) {
        return asJobCreator.findDeal(dealId).orElseThrow().transactions();
    }

    private static AgreementState stateAtSolver(String dealId) {
        return asJobCreator.findDeal(dealId).map(DealContainer::state).orElse(null);
    }
}
