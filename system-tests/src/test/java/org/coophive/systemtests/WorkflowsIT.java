package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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

        Stack.RunResult result = stack.run(JOB, "cowsay:v0.0.1", "-i", "Message=moo", "--json");

        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(summary.get("stdout").asString()).startsWith(COW);
        assertThat(summary.get("resource_provider").asString())
                .isEqualToIgnoringCase(DevAccounts.resourceProvider().address());
        ledger.assertMoved(
                terms(summary),
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
    @Order(4)
    void shouldNeverLogAPrivateKeyWhenServicesRun() throws Exception {
        for (ServiceProcess service : stack.services()) {
            for (DevAccounts.DevAccount account : DevAccounts.all()) {
                String key = Stack.key(account).substring(2);
                assertThat(service.log()).as("%s's log", service.name()).doesNotContainIgnoringCase(key);
            }
        }
    }
}
