package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.ExampleClient;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.coophive.contracts.testing.Party;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workflows 1 to 3 on one chain and one stack (solver, resource provider, mediator as processes
 * from their jars, real Docker): the job creator is {@code run} as a user starts it. Each deal's
 * balances are checked against the money table; each deal is a fresh one on the shared chain.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowsIT {

    static final Duration JOB = Duration.ofSeconds(120);
    static final String COW = " _____\n< moo >\n -----\n";

    static Stack stack;
    static Web3ChainClient reader;
    static SolverClient solverClient;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start("workflows");
        reader = stack.client(DevAccounts.directory());
        solverClient = new HttpSolverClient(
                URI.create(stack.solverUrl()),
                new RequestSigner(DevAccounts.jobCreator().credentials()));
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
                DevAccounts.mediator().address(),
                DevAccounts.treasury().address());
    }

    static JsonNode summary(Stack.RunResult result) {
        assertThat(result.stdout())
                .as("run --json printed a summary\n%s%s", result, stack.logs())
                .isNotBlank();
        return JsonMapper.builder().build().readTree(result.stdout());
    }

    static DealTerms terms(JsonNode summary) {
        String dealId = summary.get("deal_id").asString();
        return DealTerms.of(solverClient.deal(dealId).deal());
    }

    @Test
    @Order(1)
    void shouldPrintTheCowAndPayTheProviderWhenACowsayJobIsRunAndAccepted() throws Exception {
        Ledger ledger = ledger();

        Stack.RunResult result = stack.run(JOB, "cowsay:v0.0.1", "-i", "Message=moo");

        // As a user sees it: the cow on stdout, progress and the summary on stderr.
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        assertThat(result.stdout()).startsWith(COW);
        assertThat(result.stderr())
                .contains("Job succeeded", "tx agree", "tx acceptResult")
                .containsIgnoringCase(
                        "provider             " + DevAccounts.resourceProvider().address());
        java.util.regex.Matcher deal =
                java.util.regex.Pattern.compile("(?m)^  deal +(Qm\\w+)$").matcher(result.stderr());
        assertThat(deal.find()).as("the deal in the summary\n%s", result).isTrue();
        DealTerms terms = DealTerms.of(solverClient.deal(deal.group(1)).deal());
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
    void shouldPayProviderAndMediatorWhenTheJobIsCheckedAndTheMediatorAccepts() throws Exception {
        Ledger ledger = ledger();

        Stack.RunResult result =
                stack.run(JOB, "cowsay:v0.0.1", "-i", "Message=moo", "--json", "--mediation-chance", "100");

        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("stdout").asString()).startsWith(COW);
        ledger.assertMoved(
                terms(summary),
                AgreementState.MEDIATION_ACCEPTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.CHECK_RESULT,
                Step.MEDIATION_ACCEPT_RESULT);
    }

    @Test
    @Order(3)
    void shouldWriteTheResultBackToTheContractWhenAContractAsksForCowsayOnChain() throws Exception {
        stack.startDaemon();
        Party user = stack.chain().faucet();
        String daemon = DevAccounts.solver().address();
        Ledger ledger = Ledger.read(
                reader,
                user.address(),
                daemon,
                DevAccounts.resourceProvider().address(),
                DevAccounts.mediator().address(),
                DevAccounts.treasury().address());
        BigInteger deposit = user.jobCreator().getRequiredDeposit().send();
        user.token().approve(stack.chain().addresses().exampleClient(), deposit).send();

        TransactionReceipt receipt = user.exampleClient().runCowsay("moo").send();

        BigInteger jobId = ExampleClient.getJobCreatedEvents(receipt).get(0).id;
        String dataId = Await.until(
                "the result written back to ExampleClient for job " + jobId,
                Duration.ofSeconds(120),
                stack::logs,
                () -> {
                    String written = user.exampleClient().getJobResult(jobId).send();
                    return written.isEmpty() ? null : written;
                });
        JsonNode job =
                Await.until("the daemon's job for on-chain job " + jobId, Duration.ofSeconds(30), stack::logs, () -> {
                    for (JsonNode candidate : daemonJobs()) {
                        if (candidate.path("on_chain_job_id").asString().equals(jobId.toString())
                                && candidate.path("status").asString().equals("FINISHED")) return candidate;
                    }
                    return null;
                });
        assertThat(job.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(dataId)
                .as("the data id written back")
                .isEqualTo(job.get("result").get("data_id").asString());
        DealTerms terms =
                DealTerms.of(solverClient.deal(job.get("deal_id").asString()).deal());
        assertThat(terms.jobCreator()).isEqualToIgnoringCase(daemon);
        // The user paid the deposit into the contract; the daemon is paid it for delivering.
        ledger.assertMoved(
                terms,
                AgreementState.RESULTS_ACCEPTED,
                stack::logs,
                Map.of(user.address(), deposit.negate(), daemon, deposit),
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.ACCEPT_RESULT);
    }

    static List<JsonNode> daemonJobs() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(stack.daemon().url().resolve("/api/v1/jobs"))
                                .header("Authorization", "Bearer " + Stack.API_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        List<JsonNode> jobs = new ArrayList<>();
        (body.isArray() ? body : body.path("jobs")).forEach(jobs::add);
        return jobs;
    }

    @Test
    @Order(4)
    void shouldSlashTheProviderWhenItPostsWrongResultsAndTheMediatorRejects() throws Exception {
        stack.provider().stop();
        stack.providerEnvironment().put("TEST_MODE_WRONG_RESULTS", "true");
        stack.startProvider();
        Ledger ledger = ledger();

        Stack.RunResult result =
                stack.run(JOB, "cowsay:v0.0.1", "-i", "Message=moo", "--json", "--mediation-chance", "100");

        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isEqualTo(1);
        JsonNode summary = summary(result);
        assertThat(summary.get("outcome").asString()).isEqualTo("RESULTS_REJECTED");
        ledger.assertMoved(
                terms(summary),
                AgreementState.MEDIATION_REJECTED,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.CHECK_RESULT,
                Step.MEDIATION_REJECT_RESULT);
    }

    @Test
    @Order(5)
    void shouldNeverLogAPrivateKeyWhenServicesRun() throws Exception {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        for (ServiceProcess service : stack.services()) outputs.put(service.name() + "'s log", service.log());
        try (var runs = java.nio.file.Files.find(stack.root(), 2, (path, attributes) -> path.getFileName()
                .toString()
                .matches("stdout|stderr"))) {
            for (java.nio.file.Path output : runs.toList()) {
                outputs.put("run output " + stack.root().relativize(output), java.nio.file.Files.readString(output));
            }
        }
        assertThat(outputs)
                .as("service logs and run outputs")
                .hasSizeGreaterThan(stack.services().size());
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            for (DevAccounts.DevAccount account : DevAccounts.all()) {
                String key = Stack.key(account).substring(2);
                assertThat(output.getValue()).as(output.getKey()).doesNotContainIgnoringCase(key);
            }
        }
    }
}
