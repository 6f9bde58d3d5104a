package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
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
 * Each deal timeout claimed by the service of the party it protects, after Anvil time travel (the
 * services read chain time from the latest block): the other party is silent, either a service
 * stopped or unable to work, or (for the judge timeout) the job creator played by the test, which
 * agrees and then never judges. One chain and stack for the class; each scenario is a fresh deal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimeoutsIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    /** Every timeout of the dev offers is 3600 s; a claim is allowed strictly after it. */
    static final long PAST_TIMEOUT = 3601;

    static Stack stack;
    static Web3ChainClient reader;
    static DevJobCreator jobCreator;
    static SolverClient asJobCreator;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start("timeouts");
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
                DevAccounts.mediator().address(),
                DevAccounts.treasury().address());
    }

    static void travelPastTimeout() throws Exception {
        stack.chain().increaseTime(PAST_TIMEOUT);
        stack.chain().node().mine();
    }

    /** The job creator's one deal not in {@code known}, once the chain shows it in {@code state}. */
    static DealTerms awaitNewDeal(Set<String> known, AgreementState state, Stack.Run run) throws Exception {
        return jobCreator.awaitNewDeal(
                known,
                "in " + state,
                agreement -> agreement.state() == state
                        && (state != AgreementState.DEAL_NEGOTIATING || agreement.jobCreatorAgreed()),
                () -> run == null ? "" : "\n--- run stderr ---\n" + run.stderr());
    }

    static DealTerms awaitEnd(DealTerms terms, AgreementState end) throws Exception {
        Await.until(
                "the deal to end in " + end,
                WAIT,
                stack::logs,
                () -> reader.getAgreement(terms).state() == end ? true : null);
        return terms;
    }

    /** The test is the job creator: it posts a cowsay job offer and returns the deal the solver made. */
    static DealTerms postJobOffer() throws Exception {
        JobOfferContainer offer = asJobCreator.addJobOffer(Offers.job(System.currentTimeMillis(), 1000));
        DealContainer deal = Await.until(
                "a deal for the job offer",
                WAIT,
                stack::logs,
                () -> asJobCreator
                        .deals(DealQuery.byJobCreator(DevAccounts.jobCreator().address()))
                        .stream()
                        .filter(d -> d.jobOffer().equals(offer.id()))
                        .findFirst()
                        .orElse(null));
        return DealTerms.of(deal.deal());
    }

    @Test
    @Order(1)
    void shouldPayTheProviderThroughTheJudgeTimeoutWhenTheJobCreatorNeverJudges() throws Exception {
        jobCreator.awaitProviderOffer();
        Ledger ledger = ledger();
        DealTerms terms = postJobOffer();
        // The test is the job creator: it agrees, then goes silent.
        try (Web3ChainClient jobCreator = stack.client(DevAccounts.jobCreator())) {
            jobCreator.approvePayments(terms.paymentCollateral().add(terms.judgeResultsCollateral()));
            jobCreator.agree(terms);
        }
        awaitEnd(terms, AgreementState.RESULTS_SUBMITTED);

        travelPastTimeout();

        awaitEnd(terms, AgreementState.TIMEOUT_JUDGE_RESULTS);
        ledger.assertMoved(
                terms,
                AgreementState.TIMEOUT_JUDGE_RESULTS,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.TIMEOUT_JUDGE_RESULTS);
    }

    @Test
    @Order(2)
    void shouldRefundTheProviderThroughTheAgreeTimeoutWhenTheJobCreatorNeverAgrees() throws Exception {
        jobCreator.awaitProviderOffer();
        Ledger ledger = ledger();
        // The test is the job creator: it posts an offer, then never agrees to the deal.
        DealTerms terms = postJobOffer();
        Await.until(
                "the provider's agreement",
                WAIT,
                stack::logs,
                () -> reader.getAgreement(terms).resourceProviderAgreed() ? true : null);

        travelPastTimeout();

        awaitEnd(terms, AgreementState.TIMEOUT_AGREE);
        ledger.assertMoved(
                terms,
                AgreementState.TIMEOUT_AGREE,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED);
    }

    @Test
    @Order(3)
    void shouldRefundBothPartiesThroughTheMediateTimeoutWhenTheMediatorIsDown() throws Exception {
        jobCreator.awaitProviderOffer();
        stack.mediator().stop();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run =
                stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=moo", "--json", "--mediation-chance", "100");
        DealTerms terms = awaitNewDeal(known, AgreementState.RESULTS_CHECKED, run);

        travelPastTimeout();

        Stack.RunResult result = run.await(WAIT);
        stack.startMediator();
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isEqualTo(4);
        JsonNode summary = JsonMapper.builder().build().readTree(result.stdout());
        assertThat(summary.get("outcome").asString()).isEqualTo("TIMED_OUT");
        ledger.assertMoved(
                terms,
                AgreementState.TIMEOUT_MEDIATE_RESULTS,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.ADD_RESULT,
                Step.CHECK_RESULT,
                Step.TIMEOUT_MEDIATE_RESULTS);
    }

    @Test
    @Order(4)
    void shouldRefundTheJobCreatorThroughTheAgreeTimeoutWhenTheProviderNeverAgrees() throws Exception {
        jobCreator.awaitProviderOffer();
        // The provider's offer stays listed at the solver; the provider itself is gone.
        stack.provider().stop();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run = stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=moo", "--json");
        DealTerms terms = awaitNewDeal(known, AgreementState.DEAL_NEGOTIATING, run);

        travelPastTimeout();

        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isEqualTo(4);
        ledger.assertMoved(
                terms,
                AgreementState.TIMEOUT_AGREE,
                stack::logs,
                Step.AGREE_BY_JOB_CREATOR,
                Step.TIMEOUT_AGREE_JOB_CREATOR_AGREED);
    }

    @Test
    @Order(5)
    void shouldRefundTheJobCreatorAndSlashTheProviderThroughTheSubmitTimeoutWhenTheProviderCannotRun()
            throws Exception {
        // The provider agrees to deals but cannot reach a Docker engine, so it never posts results.
        stack.startProvider(Map.of("DOCKER_HOST", "unix://" + stack.root().resolve("no-docker.sock")))
                .awaitAnswering(Stack.STARTUP);
        jobCreator.awaitProviderOffer();
        Set<String> known = jobCreator.deals();
        Ledger ledger = ledger();
        Stack.Run run = stack.startRun(Map.of(), "cowsay:v0.0.1", "-i", "Message=moo", "--json");
        DealTerms terms = awaitNewDeal(known, AgreementState.DEAL_AGREED, run);

        travelPastTimeout();

        Stack.RunResult result = run.await(WAIT);
        assertThat(result.exitCode()).as("%s%s", result, stack.logs()).isEqualTo(4);
        ledger.assertMoved(
                terms,
                AgreementState.TIMEOUT_SUBMIT_RESULTS,
                stack::logs,
                Step.AGREE_BY_RESOURCE_PROVIDER,
                Step.AGREE_BY_JOB_CREATOR,
                Step.TIMEOUT_SUBMIT_RESULTS);
        assertThat(reader.tokenBalanceOf(DevAccounts.treasury().address()))
                .as("the treasury holds the slashed collateral")
                .isPositive();
    }
}
