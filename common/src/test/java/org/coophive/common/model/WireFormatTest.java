package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.model.GoldenFiles.DATA_ID;
import static org.coophive.common.model.GoldenFiles.DEAL_ID;
import static org.coophive.common.model.GoldenFiles.MAPPER;
import static org.coophive.common.model.GoldenFiles.RESULT_ID;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.ids.InvalidContentIdException;
import org.coophive.contracts.AgreementState;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON codes of enums, wei strings and the never-null rule of the wire records. */
class WireFormatTest {

    @Test
    void shouldWritePricingModesAsReferenceStringsWhenSerialising() {
        assertThat(MAPPER.writeValueAsString(PricingMode.MARKET_PRICE)).isEqualTo("\"MarketPrice\"");
        assertThat(MAPPER.writeValueAsString(PricingMode.FIXED_PRICE)).isEqualTo("\"FixedPrice\"");
        assertThat(MAPPER.readValue("\"FixedPrice\"", PricingMode.class)).isEqualTo(PricingMode.FIXED_PRICE);
        assertThat(PricingMode.values()).hasSize(2);
    }

    @Test
    void shouldRejectWithClearErrorWhenPricingModeIsUnknown() {
        String json = GoldenFiles.text("job-offer.json").replace("\"MarketPrice\"", "\"marketprice\"");
        JsonMapper lenient = JsonMapper.builder()
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .build();

        assertThatThrownBy(() -> MAPPER.readValue(json, JobOffer.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining(
                        "unknown pricing mode \"marketprice\": expected \"MarketPrice\" or \"FixedPrice\"");
        assertThatThrownBy(() -> lenient.readValue(json, JobOffer.class))
                .as("a mapper that maps unknown enums to null still refuses")
                .hasMessageContaining("unknown pricing mode");
        assertThatThrownBy(() -> PricingMode.ofWireName("Auction"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown pricing mode \"Auction\": expected \"MarketPrice\" or \"FixedPrice\"");
    }

    @Test
    void shouldWriteAgreementStatesAsSolidityCodesWhenSerialisingContainers() {
        Map<AgreementState, Integer> expected = new LinkedHashMap<>();
        expected.put(AgreementState.DEAL_NEGOTIATING, 0);
        expected.put(AgreementState.DEAL_AGREED, 1);
        expected.put(AgreementState.RESULTS_SUBMITTED, 2);
        expected.put(AgreementState.RESULTS_ACCEPTED, 3);
        expected.put(AgreementState.RESULTS_CHECKED, 4);
        expected.put(AgreementState.MEDIATION_ACCEPTED, 5);
        expected.put(AgreementState.MEDIATION_REJECTED, 6);
        expected.put(AgreementState.TIMEOUT_AGREE, 7);
        expected.put(AgreementState.TIMEOUT_SUBMIT_RESULTS, 8);
        expected.put(AgreementState.TIMEOUT_JUDGE_RESULTS, 9);
        expected.put(AgreementState.TIMEOUT_MEDIATE_RESULTS, 10);
        assertThat(expected.keySet()).containsExactlyInAnyOrder(AgreementState.values());

        expected.forEach((state, code) -> {
            DealContainer container = new DealContainer(DEAL_ID, null, null, null, null, state, null, null, null);
            String json = MAPPER.writeValueAsString(container);

            assertThat(MAPPER.readTree(json).get("state").intValue())
                    .as("%s", state)
                    .isEqualTo(code);
            assertThat(MAPPER.readValue(json, DealContainer.class).state()).isEqualTo(state);
            assertThat(MAPPER.readValue("{\"state\":" + code + "}", JobOfferContainer.class)
                            .state())
                    .isEqualTo(state);
            assertThat(MAPPER.readValue("{\"state\":" + code + "}", ResourceOfferContainer.class)
                            .state())
                    .isEqualTo(state);
        });
    }

    @Test
    void shouldRejectWithClearErrorWhenAgreementStateCodeIsUnknown() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"state\": 11}", DealContainer.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("unknown agreement state code 11")
                .hasMessageContaining("10 TIMEOUT_MEDIATE_RESULTS");
        assertThatThrownBy(() -> MAPPER.readValue("{\"state\": -1}", JobOfferContainer.class))
                .hasMessageContaining("unknown agreement state code -1");
        assertThatThrownBy(() -> MAPPER.readValue("{\"state\": \"DealAgreed\"}", ResourceOfferContainer.class))
                .hasMessageContaining("an agreement state is its Solidity code, a JSON integer");
    }

    @Test
    void shouldStartNegotiatingWhenContainerStateIsAbsent() {
        assertThat(MAPPER.readValue("{}", JobOfferContainer.class).state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(MAPPER.readValue("{\"state\": null}", DealContainer.class).state())
                .isEqualTo(AgreementState.DEAL_NEGOTIATING);
    }

    @Test
    void shouldKeepEveryDigitWhenWeiAmountIsAbove2To64() {
        BigInteger above64 = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(12_345));
        BigInteger huge = BigInteger.ONE.shiftLeft(200).subtract(BigInteger.ONE);
        DealPricing pricing = new DealPricing(above64, huge, 3, BigInteger.ONE);

        String json = MAPPER.writeValueAsString(pricing);
        DealPricing back = MAPPER.readValue(json, DealPricing.class);

        assertThat(MAPPER.readTree(json).get("instruction_price").isString()).isTrue();
        assertThat(MAPPER.readTree(json).get("instruction_price").stringValue()).isEqualTo("18446744073709563961");
        assertThat(MAPPER.readTree(json).get("results_collateral_multiple").isIntegralNumber())
                .isTrue();
        assertThat(back).isEqualTo(pricing);
        assertThat(back.paymentCollateral()).isEqualTo(huge);
    }

    @Test
    void shouldRejectWeiAmountWhenItIsAJsonNumberOrNotDecimal() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"timeout\": 1, \"collateral\": 10}", DealTimeout.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("a wei amount is a decimal string such as \"1000000000000000000\"");
        assertThatThrownBy(() -> MAPPER.readValue("{\"instruction_price\": \"1e18\"}", DealPricing.class))
                .hasMessageContaining("not \"1e18\"");
        assertThatThrownBy(() -> MAPPER.readValue("{\"mediation_fee\": \"0x10\"}", DealPricing.class))
                .hasMessageContaining("not \"0x10\"");
        assertThatThrownBy(() -> MAPPER.readValue("{\"mediation_fee\": \" 1\"}", DealPricing.class))
                .hasMessageContaining("not \" 1\"");
    }

    @Test
    void shouldReadNegativeWeiAmountSoTheValidatorCanNameIt() {
        DealPricing pricing = MAPPER.readValue("{\"payment_collateral\": \"-5\"}", DealPricing.class);

        assertThat(pricing.paymentCollateral()).isEqualTo(BigInteger.valueOf(-5));
        assertThat(pricing.instructionPrice()).isZero();
    }

    @Test
    void shouldFillZeroValuesWhenJsonLacksFields() {
        JobOffer offer = MAPPER.readValue("{}", JobOffer.class);
        ResourceOffer resourceOffer = MAPPER.readValue("{\"modules\": null}", ResourceOffer.class);
        DealContainer container = MAPPER.readValue("{}", DealContainer.class);

        assertThat(offer.id()).isEmpty();
        assertThat(offer.jobCreator()).isEmpty();
        assertThat(offer.module()).isEqualTo(new ModuleConfig("", "", "", ""));
        assertThat(offer.spec()).isEqualTo(MachineSpec.NONE);
        assertThat(offer.inputs()).isEmpty();
        assertThat(offer.mode()).as("reported by the validator instead").isNull();
        assertThat(offer.pricing()).isEqualTo(new DealPricing(BigInteger.ZERO, BigInteger.ZERO, 0, BigInteger.ZERO));
        assertThat(offer.timeouts().agree()).isEqualTo(new DealTimeout(0, BigInteger.ZERO));
        assertThat(offer.trustedParties().solver()).isEmpty();
        assertThat(offer.trustedParties().mediators()).isEmpty();
        assertThat(resourceOffer.modules()).isEmpty();
        assertThat(resourceOffer.modulePricing()).isEmpty();
        assertThat(container.transactions()).isEqualTo(DealTransactions.NONE);
        assertThat(container.transactions().jobCreator().acceptResult()).isEmpty();
        assertThat(container.deal().jobOffer().inputs()).isEmpty();
        assertThat(MAPPER.readValue("{}", Result.class)).isEqualTo(new Result("", "", "", "", 0));
        assertThat(MAPPER.readValue("{\"cpu\": null, \"ram\": 5}", MachineSpec.class))
                .isEqualTo(new MachineSpec(0, 0, 5, 0, 0));
        assertThat(MAPPER.readValue("{\"result\": null}", MatchDecision.class).result())
                .isFalse();
    }

    @Test
    void shouldCopyCollectionsWhenConstructingRecords() {
        List<String> mediators = new ArrayList<>(List.of(GoldenFiles.MEDIATOR));
        Map<String, String> inputs = new HashMap<>(Map.of("Message", "moo"));
        TrustedParties parties = new TrustedParties(GoldenFiles.SOLVER, mediators);
        JobOffer offer = new JobOffer(null, 0, null, null, null, inputs, null, null, null, parties);

        mediators.add(GoldenFiles.DIRECTORY);
        inputs.put("Other", "x");

        assertThat(parties.mediators()).containsExactly(GoldenFiles.MEDIATOR);
        assertThat(offer.inputs()).containsOnlyKeys("Message");
        assertThatThrownBy(() -> parties.mediators().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> offer.inputs().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldNameThePositionWhenACollectionHoldsNull() {
        assertThatThrownBy(() -> new DealMembers(null, null, null, Arrays.asList("0x1", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mediators[1] is null");
        assertThatThrownBy(() -> MAPPER.readValue("{\"inputs\": {\"Message\": null}}", JobOffer.class))
                .hasMessageContaining("inputs[Message] is null");
    }

    @Test
    void shouldWriteInputsSortedByNameWhenSerialising() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("b", "2");
        inputs.put("a", "1");
        inputs.put("C", "3");
        JobOffer offer = new JobOffer(null, 0, null, null, null, inputs, null, null, null, null);

        String json = MAPPER.writeValueAsString(offer);

        assertThat(json).contains("\"inputs\":{\"C\":\"3\",\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void shouldWriteSolverEventTypesAsReferenceNamesWhenSerialising() {
        Map<SolverEvent.EventType, String> names = Arrays.stream(SolverEvent.EventType.values())
                .collect(Collectors.toMap(type -> type, type -> MAPPER.writeValueAsString(type)));

        assertThat(names)
                .containsOnly(
                        Map.entry(SolverEvent.EventType.JOB_OFFER_ADDED, "\"JobOfferAdded\""),
                        Map.entry(SolverEvent.EventType.RESOURCE_OFFER_ADDED, "\"ResourceOfferAdded\""),
                        Map.entry(SolverEvent.EventType.DEAL_ADDED, "\"DealAdded\""),
                        Map.entry(SolverEvent.EventType.JOB_OFFER_STATE_UPDATED, "\"JobOfferStateUpdated\""),
                        Map.entry(SolverEvent.EventType.RESOURCE_OFFER_STATE_UPDATED, "\"ResourceOfferStateUpdated\""),
                        Map.entry(SolverEvent.EventType.DEAL_STATE_UPDATED, "\"DealStateUpdated\""),
                        Map.entry(SolverEvent.EventType.DEAL_MEDIATOR_UPDATED, "\"DealMediatorUpdated\""),
                        Map.entry(SolverEvent.EventType.JOB_OFFER_WITHDRAWN, "\"JobOfferWithdrawn\""),
                        Map.entry(SolverEvent.EventType.RESOURCE_OFFER_WITHDRAWN, "\"ResourceOfferWithdrawn\""),
                        Map.entry(SolverEvent.EventType.JOB_OFFER_EXPIRED, "\"JobOfferExpired\""),
                        Map.entry(SolverEvent.EventType.RESOURCE_OFFER_EXPIRED, "\"ResourceOfferExpired\""),
                        Map.entry(
                                SolverEvent.EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED,
                                "\"ResourceProviderTransactionsUpdated\""),
                        Map.entry(
                                SolverEvent.EventType.JOB_CREATOR_TRANSACTIONS_UPDATED,
                                "\"JobCreatorTransactionsUpdated\""),
                        Map.entry(
                                SolverEvent.EventType.MEDIATOR_TRANSACTIONS_UPDATED, "\"MediatorTransactionsUpdated\""),
                        Map.entry(SolverEvent.EventType.DEAL_RESULT_POSTED, "\"DealResultPosted\""));
    }

    @Test
    void shouldRejectSolverEventWhenItCarriesTwoPayloadsOrTheWrongOne() {
        JobOfferContainer jobOffer = new JobOfferContainer(null, null, null, null, null);
        DealContainer deal = new DealContainer(null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new SolverEvent(SolverEvent.EventType.DEAL_ADDED, jobOffer, null, deal))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a DealAdded event carries at most one of job_offer, resource_offer and deal, not 2");
        assertThatThrownBy(() -> SolverEvent.of(SolverEvent.EventType.DEAL_ADDED, jobOffer))
                .hasMessage("a DealAdded event carries deal, not job_offer");
        assertThatThrownBy(() -> MAPPER.readValue("{\"event_type\":\"Unknown\",\"deal\":null}", SolverEvent.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("unknown solver event type \"Unknown\"; known: JobOfferAdded");
        assertThatThrownBy(() -> MAPPER.readValue("{\"deal\":null}", SolverEvent.class))
                .hasMessageContaining("event_type is required");
        assertThat(new SolverEvent(SolverEvent.EventType.DEAL_ADDED, null, null, null).deal())
                .isNull();
    }

    @Test
    void shouldGiveTheDigestOfTheIdWhenAskingForOnChainIds() {
        Deal deal = GoldenJsonTest.deal();
        Result result = GoldenJsonTest.result();

        assertThat(deal.onChainId()).isEqualTo(ContentIds.digest(DEAL_ID)).hasSize(32);
        assertThat(ContentIds.fromDigest(deal.onChainId())).isEqualTo(DEAL_ID);
        assertThat(result.onChainId()).isEqualTo(ContentIds.digest(RESULT_ID));
        assertThat(result.onChainDataId()).isEqualTo(ContentIds.digest(DATA_ID));
        assertThatThrownBy(() -> deal.withId("").onChainId()).isInstanceOf(InvalidContentIdException.class);
    }

    @Test
    void shouldChangeOnlyTheIdWhenUsingWithId() {
        assertThat(GoldenJsonTest.jobOffer().withId("x"))
                .usingRecursiveComparison()
                .ignoringFields("id")
                .isEqualTo(GoldenJsonTest.jobOffer());
        assertThat(GoldenJsonTest.resourceOffer().withId("x").id()).isEqualTo("x");
        assertThat(GoldenJsonTest.resourceOffer().withId("x"))
                .usingRecursiveComparison()
                .ignoringFields("id")
                .isEqualTo(GoldenJsonTest.resourceOffer());
        assertThat(GoldenJsonTest.deal().withId("").resourceOffer()).isEqualTo(GoldenJsonTest.resourceOffer());
        assertThat(GoldenJsonTest.result().withId("").dataId()).isEqualTo(DATA_ID);
    }

    @Test
    void shouldWriteNetworkOnlyWhenAskedSoThatOffersWithoutItKeepTheirIds() {
        MachineSpec plain = MachineSpec.of(0, 1000, 512);
        MachineSpec network = plain.withNetwork(true);

        assertThat(MAPPER.writeValueAsString(plain)).doesNotContain("network");
        assertThat(MAPPER.writeValueAsString(network)).contains("\"network\":true");
        assertThat(MAPPER.readValue("{\"cpu\":1000,\"ram\":512}", MachineSpec.class))
                .isEqualTo(plain);
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(network), MachineSpec.class))
                .isEqualTo(network);
        assertThat(ContentIds.of(network)).isNotEqualTo(ContentIds.of(plain));
    }

    @Test
    void shouldWritePrivilegesOnlyWhenAskedAndHashThemSoAnOfferCannotHideThem() {
        MachineSpec plain = MachineSpec.of(0, 1000, 512);
        MachineSpec root = plain.withPrivileges(new Privileges(true, List.of("CHOWN"), false));
        MachineSpec writable = plain.withPrivileges(new Privileges(true, List.of("CHOWN"), true));

        assertThat(MAPPER.writeValueAsString(plain)).doesNotContain("privileges");
        assertThat(MAPPER.writeValueAsString(plain.withPrivileges(Privileges.NONE)))
                .doesNotContain("privileges");
        assertThat(MAPPER.writeValueAsString(root))
                .contains("\"privileges\":{\"root\":true,\"capabilities\":[\"CHOWN\"]}");
        assertThat(MAPPER.readValue("{\"cpu\":1000,\"ram\":512}", MachineSpec.class))
                .isEqualTo(plain);
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(writable), MachineSpec.class))
                .isEqualTo(writable);
        assertThat(ContentIds.of(root)).isNotEqualTo(ContentIds.of(plain));
        assertThat(ContentIds.of(writable)).isNotEqualTo(ContentIds.of(root));
    }
}
