package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.model.GoldenFiles.DATA_ID;
import static org.coophive.common.model.GoldenFiles.DEAL_ID;
import static org.coophive.common.model.GoldenFiles.DIRECTORY;
import static org.coophive.common.model.GoldenFiles.JOB_CREATOR;
import static org.coophive.common.model.GoldenFiles.JOB_OFFER_ID;
import static org.coophive.common.model.GoldenFiles.MEDIATOR;
import static org.coophive.common.model.GoldenFiles.MODULE_ID;
import static org.coophive.common.model.GoldenFiles.RESOURCE_OFFER_ID;
import static org.coophive.common.model.GoldenFiles.RESOURCE_PROVIDER;
import static org.coophive.common.model.GoldenFiles.RESULT_ID;
import static org.coophive.common.model.GoldenFiles.SOLVER;
import static org.coophive.common.model.GoldenFiles.assertWritesAs;
import static org.coophive.common.model.GoldenFiles.read;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.coophive.common.ids.ContentIds;
import org.coophive.contracts.AgreementState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every wire type against its golden file, both ways: the file reads into the expected record,
 * and the record writes the file's JSON.
 */
class GoldenJsonTest {

    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final DealPricing PRICING = new DealPricing(tokens(10), tokens(30), 4, tokens(5));
    private static final DealTimeouts TIMEOUTS = new DealTimeouts(
            DealTimeout.of(3600),
            new DealTimeout(3600, tokens(10)),
            new DealTimeout(3600, tokens(10)),
            DealTimeout.of(3600));
    private static final ModuleConfig COWSAY =
            new ModuleConfig("", "https://github.com/coophive/coophive-module-cowsay", "v0.0.1", "/module.coophive");
    private static final String RP_AGREE = "0x" + "a1".repeat(32);
    private static final String RP_ADD_RESULT = "0x" + "a2".repeat(32);
    private static final String JC_AGREE = "0x" + "b1".repeat(32);
    private static final String JC_ACCEPT = "0x" + "b2".repeat(32);
    private static final String MEDIATION_ACCEPT = "0x" + "c1".repeat(32);

    @Test
    void shouldRoundTripMachineSpecWhenReadingGoldenFile() {
        MachineSpec spec = read("machine-spec.json", MachineSpec.class);

        assertThat(spec).isEqualTo(new MachineSpec(1000, 8000, 32768, 24576, 102400));
        assertWritesAs(spec, "machine-spec.json");
    }

    @Test
    void shouldRoundTripModuleConfigWhenReadingGoldenFile() {
        ModuleConfig module = read("module-config.json", ModuleConfig.class);

        assertThat(module.name()).isEmpty();
        assertThat(module.repo()).isEqualTo("https://github.com/coophive/coophive-module-cowsay");
        assertThat(module.hash()).isEqualTo("v0.0.1");
        assertThat(module.path()).isEqualTo("/module.coophive");
        assertWritesAs(COWSAY, "module-config.json");
    }

    @Test
    void shouldRoundTripDealPricingWhenReadingGoldenFile() {
        DealPricing pricing = read("deal-pricing.json", DealPricing.class);

        assertThat(pricing.instructionPrice()).isEqualTo(new BigInteger("10000000000000000000"));
        assertThat(pricing.paymentCollateral()).isEqualTo(new BigInteger("30000000000000000000"));
        assertThat(pricing.resultsCollateralMultiple()).isEqualTo(4);
        assertThat(pricing.mediationFee()).isEqualTo(new BigInteger("5000000000000000000"));
        assertWritesAs(PRICING, "deal-pricing.json");
    }

    @Test
    void shouldRoundTripDealTimeoutWhenReadingGoldenFile() {
        DealTimeout timeout = read("deal-timeout.json", DealTimeout.class);

        assertThat(timeout.timeout()).isEqualTo(3600);
        assertThat(timeout.collateral()).isEqualTo(tokens(10));
        assertWritesAs(new DealTimeout(3600, tokens(10)), "deal-timeout.json");
    }

    @Test
    void shouldRoundTripDealTimeoutsWhenReadingGoldenFile() {
        DealTimeouts timeouts = read("deal-timeouts.json", DealTimeouts.class);

        assertThat(timeouts.agree()).isEqualTo(new DealTimeout(3600, BigInteger.ZERO));
        assertThat(timeouts.submitResults()).isEqualTo(new DealTimeout(3600, tokens(10)));
        assertThat(timeouts.judgeResults()).isEqualTo(new DealTimeout(3600, tokens(10)));
        assertThat(timeouts.mediateResults()).isEqualTo(new DealTimeout(3600, BigInteger.ZERO));
        assertWritesAs(TIMEOUTS, "deal-timeouts.json");
    }

    @Test
    void shouldRoundTripTrustedPartiesWhenReadingGoldenFile() {
        TrustedParties parties = read("trusted-parties.json", TrustedParties.class);

        assertThat(parties.solver()).isEqualTo(SOLVER);
        assertThat(parties.mediators()).containsExactly(MEDIATOR, DIRECTORY);
        assertWritesAs(new TrustedParties(SOLVER, List.of(MEDIATOR, DIRECTORY)), "trusted-parties.json");
    }

    @Test
    void shouldRoundTripJobOfferWhenReadingGoldenFile() {
        JobOffer offer = read("job-offer.json", JobOffer.class);

        assertThat(offer).isEqualTo(jobOffer());
        assertThat(offer.id()).isEqualTo(JOB_OFFER_ID);
        assertThat(offer.createdAt()).isEqualTo(1_714_000_000_000L);
        assertThat(offer.jobCreator()).isEqualTo(JOB_CREATOR);
        assertThat(offer.module()).isEqualTo(COWSAY);
        assertThat(offer.spec()).isEqualTo(MachineSpec.of(0, 1000, 100));
        assertThat(offer.inputs()).containsExactly(Map.entry("Message", "moo"));
        assertThat(offer.mode()).isEqualTo(PricingMode.MARKET_PRICE);
        assertThat(offer.pricing()).isEqualTo(PRICING);
        assertThat(offer.timeouts()).isEqualTo(TIMEOUTS);
        assertThat(offer.trustedParties()).isEqualTo(new TrustedParties(SOLVER, List.of(MEDIATOR)));
        assertWritesAs(jobOffer(), "job-offer.json");
    }

    @Test
    void shouldRoundTripResourceOfferWhenReadingGoldenFile() {
        ResourceOffer offer = read("resource-offer.json", ResourceOffer.class);

        assertThat(offer).isEqualTo(resourceOffer());
        assertThat(offer.id()).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(offer.createdAt()).isEqualTo(1_714_000_000_100L);
        assertThat(offer.resourceProvider()).isEqualTo(RESOURCE_PROVIDER);
        assertThat(offer.index()).isZero();
        assertThat(offer.spec()).isEqualTo(new MachineSpec(1000, 8000, 32768, 24576, 102400));
        assertThat(offer.modules()).containsExactly(MODULE_ID);
        assertThat(offer.mode()).isEqualTo(PricingMode.FIXED_PRICE);
        assertThat(offer.defaultPricing()).isEqualTo(PRICING);
        assertThat(offer.defaultTimeouts()).isEqualTo(TIMEOUTS);
        assertThat(offer.modulePricing()).isEmpty();
        assertThat(offer.moduleTimeouts()).isEmpty();
        assertThat(offer.trustedParties()).isEqualTo(new TrustedParties(SOLVER, List.of(MEDIATOR, DIRECTORY)));
        assertWritesAs(resourceOffer(), "resource-offer.json");
    }

    @Test
    void shouldRoundTripJobOfferContainerWhenReadingGoldenFile() {
        JobOfferContainer container = read("job-offer-container.json", JobOfferContainer.class);

        assertThat(container.id()).isEqualTo(JOB_OFFER_ID);
        assertThat(container.dealId()).isEqualTo(DEAL_ID);
        assertThat(container.jobCreator()).isEqualTo(JOB_CREATOR);
        assertThat(container.state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(container.jobOffer()).isEqualTo(jobOffer());
        assertWritesAs(
                new JobOfferContainer(JOB_OFFER_ID, DEAL_ID, JOB_CREATOR, AgreementState.DEAL_AGREED, jobOffer()),
                "job-offer-container.json");
    }

    @Test
    void shouldRoundTripResourceOfferContainerUnderResourceOfferKeyWhenReadingGoldenFile() {
        ResourceOfferContainer container = read("resource-offer-container.json", ResourceOfferContainer.class);

        assertThat(container.id()).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(container.dealId()).isEqualTo(DEAL_ID);
        assertThat(container.resourceProvider()).isEqualTo(RESOURCE_PROVIDER);
        assertThat(container.state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(container.resourceOffer()).isEqualTo(resourceOffer());
        assertThat(GoldenFiles.tree("resource-offer-container.json").has("job_offer"))
                .as("the reference's job_offer key is fixed")
                .isFalse();
        assertWritesAs(
                new ResourceOfferContainer(
                        RESOURCE_OFFER_ID, DEAL_ID, RESOURCE_PROVIDER, AgreementState.DEAL_AGREED, resourceOffer()),
                "resource-offer-container.json");
    }

    @Test
    void shouldRoundTripDealMembersWhenReadingGoldenFile() {
        DealMembers members = read("deal-members.json", DealMembers.class);

        assertThat(members).isEqualTo(members());
        assertThat(members.solver()).isEqualTo(SOLVER);
        assertThat(members.jobCreator()).isEqualTo(JOB_CREATOR);
        assertThat(members.resourceProvider()).isEqualTo(RESOURCE_PROVIDER);
        assertThat(members.mediators()).containsExactly(MEDIATOR);
        assertWritesAs(members(), "deal-members.json");
    }

    @Test
    void shouldRoundTripDealWhenReadingGoldenFile() {
        Deal deal = read("deal.json", Deal.class);

        assertThat(deal).isEqualTo(deal());
        assertThat(deal.id()).isEqualTo(DEAL_ID);
        assertThat(deal.members()).isEqualTo(members());
        assertThat(deal.pricing()).isEqualTo(PRICING);
        assertThat(deal.timeouts()).isEqualTo(TIMEOUTS);
        assertThat(deal.jobOffer()).isEqualTo(jobOffer());
        assertThat(deal.resourceOffer()).isEqualTo(resourceOffer());
        assertWritesAs(deal(), "deal.json");
    }

    @Test
    void shouldRoundTripDealTransactionsOfEachPartyWhenReadingGoldenFiles() {
        DealTransactionsResourceProvider rp =
                read("deal-transactions-resource-provider.json", DealTransactionsResourceProvider.class);
        DealTransactionsJobCreator jc = read("deal-transactions-job-creator.json", DealTransactionsJobCreator.class);
        DealTransactionsMediator mediator = read("deal-transactions-mediator.json", DealTransactionsMediator.class);

        assertThat(rp).isEqualTo(rpTransactions());
        assertThat(rp.agree()).isEqualTo(RP_AGREE);
        assertThat(rp.addResult()).isEqualTo(RP_ADD_RESULT);
        assertThat(rp.timeoutAgree()).isEmpty();
        assertThat(jc).isEqualTo(jcTransactions());
        assertThat(jc.acceptResult()).isEqualTo(JC_ACCEPT);
        assertThat(jc.timeoutSubmitResults()).isEmpty();
        assertThat(mediator.mediationAcceptResult()).isEqualTo(MEDIATION_ACCEPT);
        assertThat(mediator.mediationRejectResult()).isEmpty();
        assertWritesAs(rpTransactions(), "deal-transactions-resource-provider.json");
        assertWritesAs(jcTransactions(), "deal-transactions-job-creator.json");
        assertWritesAs(new DealTransactionsMediator(MEDIATION_ACCEPT, ""), "deal-transactions-mediator.json");
    }

    @Test
    void shouldRoundTripDealTransactionsWhenReadingGoldenFile() {
        DealTransactions transactions = read("deal-transactions.json", DealTransactions.class);

        assertThat(transactions).isEqualTo(transactions());
        assertThat(transactions.mediator()).isEqualTo(DealTransactionsMediator.NONE);
        assertWritesAs(transactions(), "deal-transactions.json");
    }

    @Test
    void shouldRoundTripDealContainerWhenReadingGoldenFile() {
        DealContainer container = read("deal-container.json", DealContainer.class);

        assertThat(container).isEqualTo(dealContainer());
        assertThat(container.id()).isEqualTo(DEAL_ID);
        assertThat(container.jobOffer()).isEqualTo(JOB_OFFER_ID);
        assertThat(container.resourceOffer()).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(container.state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertThat(container.deal()).isEqualTo(deal());
        assertThat(container.transactions()).isEqualTo(transactions());
        assertThat(container.mediator()).isEmpty();
        assertWritesAs(dealContainer(), "deal-container.json");
    }

    @Test
    void shouldRoundTripResultWithDataIdWhenReadingGoldenFile() {
        Result result = read("result.json", Result.class);

        assertThat(result).isEqualTo(result());
        assertThat(result.id()).isEqualTo(RESULT_ID);
        assertThat(result.dealId()).isEqualTo(DEAL_ID);
        assertThat(result.dataId()).isEqualTo(DATA_ID);
        assertThat(result.error()).isEmpty();
        assertThat(result.instructionCount()).isEqualTo(1);
        assertThat(GoldenFiles.tree("result.json").has("results_id")).isFalse();
        assertWritesAs(result(), "result.json");
    }

    @Test
    void shouldRoundTripMatchDecisionWhenReadingGoldenFile() {
        MatchDecision decision = read("match-decision.json", MatchDecision.class);

        assertThat(decision).isEqualTo(new MatchDecision(JOB_OFFER_ID, RESOURCE_OFFER_ID, DEAL_ID, true));
        assertWritesAs(new MatchDecision(JOB_OFFER_ID, RESOURCE_OFFER_ID, DEAL_ID, true), "match-decision.json");
    }

    @Test
    void shouldRoundTripSolverEventsWithNullForAbsentPayloadsWhenReadingGoldenFiles() {
        SolverEvent dealEvent = read("solver-event-deal.json", SolverEvent.class);
        SolverEvent jobOfferEvent = read("solver-event-job-offer.json", SolverEvent.class);
        SolverEvent resourceOfferEvent = read("solver-event-resource-offer.json", SolverEvent.class);
        JobOfferContainer fresh = new JobOfferContainer(JOB_OFFER_ID, "", JOB_CREATOR, null, jobOffer());
        ResourceOfferContainer matched = new ResourceOfferContainer(
                RESOURCE_OFFER_ID, DEAL_ID, RESOURCE_PROVIDER, AgreementState.DEAL_AGREED, resourceOffer());

        assertThat(dealEvent.eventType()).isEqualTo(SolverEvent.EventType.DEAL_STATE_UPDATED);
        assertThat(dealEvent.deal()).isEqualTo(dealContainer());
        assertThat(dealEvent.jobOffer()).isNull();
        assertThat(dealEvent.resourceOffer()).isNull();
        assertThat(jobOfferEvent).isEqualTo(SolverEvent.of(SolverEvent.EventType.JOB_OFFER_ADDED, fresh));
        assertThat(jobOfferEvent.jobOffer().state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(resourceOfferEvent)
                .isEqualTo(SolverEvent.of(SolverEvent.EventType.RESOURCE_OFFER_STATE_UPDATED, matched));
        assertWritesAs(
                SolverEvent.of(SolverEvent.EventType.DEAL_STATE_UPDATED, dealContainer()), "solver-event-deal.json");
        assertWritesAs(SolverEvent.of(SolverEvent.EventType.JOB_OFFER_ADDED, fresh), "solver-event-job-offer.json");
        assertWritesAs(
                SolverEvent.of(SolverEvent.EventType.RESOURCE_OFFER_STATE_UPDATED, matched),
                "solver-event-resource-offer.json");
    }

    static Stream<Arguments> goldenFiles() {
        return Stream.of(
                Arguments.of("machine-spec.json", MachineSpec.class),
                Arguments.of("module-config.json", ModuleConfig.class),
                Arguments.of("deal-pricing.json", DealPricing.class),
                Arguments.of("deal-timeout.json", DealTimeout.class),
                Arguments.of("deal-timeouts.json", DealTimeouts.class),
                Arguments.of("trusted-parties.json", TrustedParties.class),
                Arguments.of("job-offer.json", JobOffer.class),
                Arguments.of("resource-offer.json", ResourceOffer.class),
                Arguments.of("job-offer-container.json", JobOfferContainer.class),
                Arguments.of("resource-offer-container.json", ResourceOfferContainer.class),
                Arguments.of("deal-members.json", DealMembers.class),
                Arguments.of("deal.json", Deal.class),
                Arguments.of("deal-transactions-resource-provider.json", DealTransactionsResourceProvider.class),
                Arguments.of("deal-transactions-job-creator.json", DealTransactionsJobCreator.class),
                Arguments.of("deal-transactions-mediator.json", DealTransactionsMediator.class),
                Arguments.of("deal-transactions.json", DealTransactions.class),
                Arguments.of("deal-container.json", DealContainer.class),
                Arguments.of("result.json", Result.class),
                Arguments.of("match-decision.json", MatchDecision.class),
                Arguments.of("solver-event-deal.json", SolverEvent.class),
                Arguments.of("solver-event-job-offer.json", SolverEvent.class),
                Arguments.of("solver-event-resource-offer.json", SolverEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void shouldKeepWireFormWhenMapperIsConfiguredOtherwise(String file, Class<?> type) {
        JsonMapper other = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_DEFAULT))
                .enable(EnumFeature.WRITE_ENUMS_USING_INDEX, EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.CAN_OVERRIDE_ACCESS_MODIFIERS)
                .build();

        Object value = other.readValue(GoldenFiles.text(file), type);

        assertThat(value).isEqualTo(read(file, type));
        assertWritesAs(other, value, file);
    }

    @Test
    void shouldNotChangeTheContentOfGoldenFilesWhenTheirIdsAreRecomputed() {
        assertThat(ContentIds.of(jobOffer())).isEqualTo(JOB_OFFER_ID);
        assertThat(ContentIds.of(resourceOffer())).isEqualTo(RESOURCE_OFFER_ID);
        assertThat(ContentIds.of(COWSAY)).isEqualTo(MODULE_ID);
        assertThat(ContentIds.of(deal())).isEqualTo(DEAL_ID);
        assertThat(ContentIds.of(result())).isEqualTo(RESULT_ID);
    }

    // ---------------------------------------------------------------- the golden values in Java

    private static BigInteger tokens(long n) {
        return TOKEN.multiply(BigInteger.valueOf(n));
    }

    static JobOffer jobOffer() {
        return new JobOffer(
                JOB_OFFER_ID,
                1_714_000_000_000L,
                JOB_CREATOR,
                COWSAY,
                MachineSpec.of(0, 1000, 100),
                Map.of("Message", "moo"),
                PricingMode.MARKET_PRICE,
                PRICING,
                TIMEOUTS,
                new TrustedParties(SOLVER, List.of(MEDIATOR)));
    }

    static ResourceOffer resourceOffer() {
        return new ResourceOffer(
                RESOURCE_OFFER_ID,
                1_714_000_000_100L,
                RESOURCE_PROVIDER,
                0,
                new MachineSpec(1000, 8000, 32768, 24576, 102400),
                List.of(MODULE_ID),
                PricingMode.FIXED_PRICE,
                PRICING,
                TIMEOUTS,
                Map.of(),
                Map.of(),
                new TrustedParties(SOLVER, List.of(MEDIATOR, DIRECTORY)));
    }

    static DealMembers members() {
        return new DealMembers(SOLVER, JOB_CREATOR, RESOURCE_PROVIDER, List.of(MEDIATOR));
    }

    static Deal deal() {
        return new Deal(DEAL_ID, members(), PRICING, TIMEOUTS, jobOffer(), resourceOffer());
    }

    static Result result() {
        return new Result(RESULT_ID, DEAL_ID, DATA_ID, "", 1);
    }

    private static DealTransactionsResourceProvider rpTransactions() {
        return new DealTransactionsResourceProvider(RP_AGREE, RP_ADD_RESULT, "", "", "");
    }

    private static DealTransactionsJobCreator jcTransactions() {
        return new DealTransactionsJobCreator(JC_AGREE, JC_ACCEPT, "", "", "", "");
    }

    private static DealTransactions transactions() {
        return new DealTransactions(rpTransactions(), jcTransactions(), null);
    }

    private static DealContainer dealContainer() {
        return new DealContainer(
                DEAL_ID,
                JOB_CREATOR,
                RESOURCE_PROVIDER,
                JOB_OFFER_ID,
                RESOURCE_OFFER_ID,
                AgreementState.RESULTS_ACCEPTED,
                deal(),
                transactions(),
                "");
    }
}
