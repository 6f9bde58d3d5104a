package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.coophive.common.model.GoldenFiles.DIRECTORY;
import static org.coophive.common.model.GoldenFiles.JOB_CREATOR;
import static org.coophive.common.model.GoldenFiles.MAPPER;
import static org.coophive.common.model.GoldenFiles.MEDIATOR;
import static org.coophive.common.model.GoldenFiles.RESOURCE_PROVIDER;
import static org.coophive.common.model.GoldenFiles.SOLVER;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.coophive.common.ids.ContentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Each rule of {@link ModelValidator}: a violating example and the field it names. */
class ModelValidatorTest {

    private static final String MISTYPED_SOLVER = SOLVER.replace("CdDd", "cdDd");
    private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @Test
    void shouldFindNothingWhenRecordsAreTheGoldenOnes() {
        assertThat(ModelValidator.validate(GoldenJsonTest.jobOffer())).isEmpty();
        assertThat(ModelValidator.validate(GoldenJsonTest.resourceOffer())).isEmpty();
        assertThat(ModelValidator.validate(GoldenJsonTest.deal())).isEmpty();
        assertThat(ModelValidator.validate(GoldenJsonTest.result())).isEmpty();
        assertThat(ModelValidator.validate(GoldenFiles.read(
                        "deal-transactions-resource-provider.json", DealTransactionsResourceProvider.class)))
                .isEmpty();
    }

    @Test
    void shouldReportEveryViolationWhenJobOfferIsEmpty() {
        List<Violation> violations = ModelValidator.validate(MAPPER.readValue("{}", JobOffer.class));

        assertThat(violations)
                .extracting(Violation::field)
                .contains(
                        "job_creator",
                        "module",
                        "mode",
                        "timeouts.agree.timeout",
                        "timeouts.mediate_results.timeout",
                        "trusted_parties.solver",
                        "trusted_parties.mediator");
    }

    // ---------------------------------------------------------------- machine specs

    @ParameterizedTest
    @CsvSource({"gpu", "cpu", "ram", "gpu_memory", "disk"})
    void shouldNameSpecFieldWhenItIsNegative(String field) {
        assertThat(ModelValidator.validate(jobOfferWith("spec." + field, -1)))
                .containsExactly(new Violation("spec." + field, "must not be negative, not -1"));
        assertThat(ModelValidator.validate(resourceOfferWith("spec." + field, -1)))
                .extracting(Violation::field)
                .containsExactly("spec." + field);
    }

    @ParameterizedTest
    @CsvSource({
        "gpu, 64000, 64 GPUs",
        "cpu, 1024000, 1,024 cores",
        "ram, 16777216, 16 TiB",
        "gpu_memory, 1048576, 1 TiB",
        "disk, 1073741824, 1 PiB"
    })
    void shouldNameSpecFieldWhenItIsAboveTheSaneLimit(String field, long limit, String words) {
        assertThat(ModelValidator.validate(resourceOfferWith("spec." + field, limit)))
                .as("the limit itself is allowed")
                .isEmpty();
        assertThat(ModelValidator.validate(resourceOfferWith("spec." + field, limit + 1)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("spec." + field);
                    assertThat(v.message())
                            .contains("above the sane limit of " + limit)
                            .contains(words);
                });
    }

    @Test
    void shouldNameCapabilityWhenItIsNotOnTheAllowListOrRepeated() {
        assertThat(ModelValidator.validate(
                        jobOfferWith("spec.privileges", Map.of("root", true, "capabilities", List.of("CHOWN")))))
                .isEmpty();
        assertThat(ModelValidator.validate(jobOfferWith(
                        "spec.privileges", Map.of("root", true, "capabilities", List.of("CHOWN", "SYS_ADMIN")))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("spec.privileges.capabilities[1]");
                    assertThat(v.message()).startsWith("is SYS_ADMIN, not one of [AUDIT_WRITE, CHOWN,");
                });
        assertThat(ModelValidator.validate(
                        resourceOfferWith("spec.privileges", Map.of("capabilities", List.of("KILL", "KILL")))))
                .containsExactly(new Violation("spec.privileges.capabilities[1]", "repeats KILL"));
    }

    // ---------------------------------------------------------------- addresses

    @Test
    void shouldNameAddressFieldWhenItIsMissingMalformedZeroOrMistyped() {
        assertThat(ModelValidator.validate(jobOfferWith("job_creator", "")))
                .containsExactly(new Violation("job_creator", "is missing"));
        assertThat(ModelValidator.validate(resourceOfferWith("resource_provider", "0x1234")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("resource_provider");
                    assertThat(v.message()).contains("is not an address");
                });
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.solver", Addresses.ZERO)))
                .containsExactly(new Violation("trusted_parties.solver", "is the zero address"));
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.solver", MISTYPED_SOLVER)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("trusted_parties.solver");
                    assertThat(v.message()).contains("wrong EIP-55 checksum");
                });
    }

    @Test
    void shouldAcceptLowerCaseAddressesWhenTheyAreWellFormed() {
        JobOffer offer = jobOfferWith("trusted_parties.solver", SOLVER.toLowerCase(Locale.ROOT));

        assertThat(ModelValidator.validate(offer)).isEmpty();
    }

    @Test
    void shouldNameSolverWhenOfferHasNone() {
        assertThat(ModelValidator.validate(resourceOfferWith("trusted_parties.solver", null)))
                .containsExactly(new Violation("trusted_parties.solver", "is missing"));
    }

    // ---------------------------------------------------------------- mediators

    @Test
    void shouldNameMediatorListWhenItIsEmpty() {
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.mediator", List.of())))
                .containsExactly(new Violation("trusted_parties.mediator", "is empty: name at least one mediator"));
        assertThat(ModelValidator.validate(resourceOfferWith("trusted_parties.mediator", null)))
                .extracting(Violation::field)
                .containsExactly("trusted_parties.mediator");
    }

    @Test
    void shouldNameMediatorWhenItIsMalformedListedTwiceOrTheOffersOwnParty() {
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.mediator", List.of(MEDIATOR, "nobody"))))
                .extracting(Violation::field)
                .containsExactly("trusted_parties.mediator[1]");
        assertThat(ModelValidator.validate(
                        jobOfferWith("trusted_parties.mediator", List.of(MEDIATOR, MEDIATOR.toLowerCase(Locale.ROOT)))))
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple(
                        "trusted_parties.mediator[1]",
                        "lists mediator " + MEDIATOR.toLowerCase(Locale.ROOT) + " twice"));
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.mediator", List.of(JOB_CREATOR))))
                .extracting(Violation::field, Violation::message)
                .containsExactly(tuple(
                        "trusted_parties.mediator[0]",
                        "is the offer's own job creator; a party cannot mediate its own deal"));
        assertThat(ModelValidator.validate(resourceOfferWith("trusted_parties.mediator", List.of(RESOURCE_PROVIDER))))
                .extracting(Violation::field)
                .containsExactly("trusted_parties.mediator[0]");
    }

    @Test
    void shouldNameMediatorListWhenItHasMoreThanTheContractsTake() {
        List<String> seventeen = IntStream.rangeClosed(1, 17)
                .mapToObj(i -> String.format("0x%040x", i))
                .toList();

        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.mediator", seventeen)))
                .extracting(Violation::field, Violation::message)
                .containsExactly(
                        tuple("trusted_parties.mediator", "names 17 mediators; the contracts take at most 16"));
        assertThat(ModelValidator.validate(jobOfferWith("trusted_parties.mediator", seventeen.subList(0, 16))))
                .isEmpty();
    }

    // ---------------------------------------------------------------- pricing

    @Test
    void shouldNameResourceOfferModeWhenItIsMarketPrice() {
        assertThat(ModelValidator.validate(resourceOfferWith("mode", "MarketPrice")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("mode");
                    assertThat(v.message()).startsWith("must be \"FixedPrice\"");
                });
        assertThat(ModelValidator.validate(jobOfferWith("mode", "FixedPrice"))).isEmpty();
    }

    @Test
    void shouldNameModeWhenItIsMissing() {
        assertThat(ModelValidator.validate(jobOfferWith("mode", null)))
                .extracting(Violation::field)
                .containsExactly("mode");
        assertThat(ModelValidator.validate(resourceOfferWith("mode", null)))
                .extracting(Violation::field)
                .containsExactly("mode");
    }

    @ParameterizedTest
    @CsvSource({"instruction_price", "payment_collateral", "mediation_fee"})
    void shouldNameAmountWhenItIsNegativeOrAboveUint128(String field) {
        assertThat(ModelValidator.validate(jobOfferWith("pricing." + field, "-1")))
                .containsExactly(new Violation("pricing." + field, "must not be negative, not -1"));
        assertThat(ModelValidator.validate(resourceOfferWith("default_pricing." + field, UINT128_MAX.toString())))
                .isEmpty();
        assertThat(ModelValidator.validate(resourceOfferWith(
                        "default_pricing." + field,
                        UINT128_MAX.add(BigInteger.ONE).toString())))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("default_pricing." + field);
                    assertThat(v.message()).contains("above the contracts' limit of 2^128-1");
                });
    }

    @Test
    void shouldNameResultsCollateralMultipleWhenItIsNegativeOrAboveUint32() {
        assertThat(ModelValidator.validate(jobOfferWith("pricing.results_collateral_multiple", -2)))
                .extracting(Violation::field)
                .containsExactly("pricing.results_collateral_multiple");
        assertThat(ModelValidator.validate(
                        resourceOfferWith("default_pricing.results_collateral_multiple", 4_294_967_296L)))
                .extracting(Violation::field)
                .containsExactly("default_pricing.results_collateral_multiple");
    }

    // ---------------------------------------------------------------- timeouts

    @ParameterizedTest
    @CsvSource({"agree", "submit_results", "judge_results", "mediate_results"})
    void shouldNameTimeoutWhenItIsZeroNegativeOrAboveUint32(String step) {
        String field = "default_timeouts." + step + ".timeout";

        assertThat(ModelValidator.validate(resourceOfferWith(field, 0)))
                .containsExactly(new Violation(field, "must be at least 1 second, not 0"));
        assertThat(ModelValidator.validate(resourceOfferWith(field, -5)))
                .containsExactly(new Violation(field, "must be at least 1 second, not -5"));
        assertThat(ModelValidator.validate(resourceOfferWith(field, 4_294_967_295L)))
                .isEmpty();
        assertThat(ModelValidator.validate(resourceOfferWith(field, 4_294_967_296L)))
                .extracting(Violation::field)
                .containsExactly(field);
    }

    @ParameterizedTest
    @CsvSource({"agree", "mediate_results"})
    void shouldNameCollateralWhenAgreeOrMediateCollateralIsNotZero(String step) {
        String field = "timeouts." + step + ".collateral";

        assertThat(ModelValidator.validate(jobOfferWith(field, "1")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.message()).startsWith("must be 0: the contracts lock no collateral");
                });
    }

    @Test
    void shouldNameCollateralWhenTimeoutCollateralIsNegative() {
        assertThat(ModelValidator.validate(jobOfferWith("timeouts.judge_results.collateral", "-3")))
                .containsExactly(new Violation("timeouts.judge_results.collateral", "must not be negative, not -3"));
    }

    // ---------------------------------------------------------------- modules and the rest of offers

    @Test
    void shouldNameModuleWhenItHasNeitherNameNorRepo() {
        assertThat(ModelValidator.validate(jobOfferWith("module", Map.of("path", "/module.coophive"))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("module");
                    assertThat(v.message()).startsWith("names no module");
                });
        assertThat(ModelValidator.validate(jobOfferWith("module", Map.of("name", "cowsay:v0.0.1"))))
                .as("a catalogue shortcut is enough")
                .isEmpty();
    }

    @Test
    void shouldNameModuleHashWhenRepoHasNoRef() {
        assertThat(ModelValidator.validate(jobOfferWith("module.hash", "")))
                .extracting(Violation::field)
                .containsExactly("module.hash");
    }

    @Test
    void shouldNameOfferFieldsWhenTheyAreNegativeOrMalformed() {
        assertThat(ModelValidator.validate(jobOfferWith("created_at", -1)))
                .extracting(Violation::field)
                .containsExactly("created_at");
        assertThat(ModelValidator.validate(resourceOfferWith("index", -1)))
                .extracting(Violation::field)
                .containsExactly("index");
        assertThat(ModelValidator.validate(jobOfferWith("inputs", Map.of("", "x"))))
                .extracting(Violation::field)
                .containsExactly("inputs");
        assertThat(ModelValidator.validate(resourceOfferWith("modules", List.of("cowsay:v0.0.1"))))
                .extracting(Violation::field)
                .containsExactly("modules[0]");
        assertThat(ModelValidator.validate(
                        resourceOfferWith("modules", List.of(GoldenFiles.MODULE_ID, GoldenFiles.MODULE_ID))))
                .extracting(Violation::field)
                .containsExactly("modules[1]");
    }

    @Test
    void shouldNamePerModuleTermsWhenTheyAreInvalid() {
        JsonNode badPricing = MAPPER.readTree("{\"not-a-cid\": {\"instruction_price\": \"-1\"}}");
        JsonNode badTimeouts = MAPPER.valueToTree(Map.of(GoldenFiles.MODULE_ID, Map.of()));

        assertThat(ModelValidator.validate(resourceOfferWith("module_pricing", badPricing)))
                .extracting(Violation::field)
                .containsExactly("module_pricing[not-a-cid]", "module_pricing[not-a-cid].instruction_price");
        assertThat(ModelValidator.validate(resourceOfferWith("module_timeouts", badTimeouts)))
                .extracting(Violation::field)
                .contains("module_timeouts[" + GoldenFiles.MODULE_ID + "].agree.timeout");
    }

    // ---------------------------------------------------------------- deals

    @Test
    void shouldNameDealIdWhenItDoesNotMatchTheContent() {
        Deal deal = GoldenJsonTest.deal().withId(GoldenFiles.RESULT_ID);

        assertThat(ModelValidator.validate(deal))
                .containsExactly(new Violation(
                        "id", "does not match the deal's content (expected " + GoldenFiles.DEAL_ID + ")"));
        assertThat(ModelValidator.validate(deal.withId(""))).containsExactly(new Violation("id", "is missing"));
    }

    @Test
    void shouldNameMembersWhenTheyDisagreeWithTheOffers() {
        Deal deal = GoldenJsonTest.deal();
        DealMembers stranger = new DealMembers(SOLVER, JOB_CREATOR, RESOURCE_PROVIDER, List.of(DIRECTORY));
        DealMembers sameParty = new DealMembers(SOLVER, JOB_CREATOR, JOB_CREATOR, List.of(MEDIATOR));
        DealMembers otherSolver = new DealMembers(MEDIATOR, JOB_CREATOR, RESOURCE_PROVIDER, List.of(DIRECTORY));

        assertThat(ModelValidator.validate(withId(withMembers(deal, stranger))))
                .containsExactly(new Violation("members.mediators[0]", "is not trusted by the job offer"));
        assertThat(ModelValidator.validate(withId(withMembers(deal, sameParty))))
                .extracting(Violation::field)
                .containsExactly("members.resource_provider", "members.resource_provider");
        assertThat(ModelValidator.validate(withId(withMembers(deal, otherSolver))))
                .extracting(Violation::field)
                .containsExactly("members.solver", "members.solver", "members.mediators[0]");
    }

    @Test
    void shouldNameMediatorWhenItIsADealParty() {
        Deal deal = withId(withMembers(
                GoldenJsonTest.deal(),
                new DealMembers(SOLVER, JOB_CREATOR, RESOURCE_PROVIDER, List.of(RESOURCE_PROVIDER))));

        assertThat(ModelValidator.validate(deal))
                .extracting(Violation::field, Violation::message)
                .contains(tuple("members.mediators[0]", "is a party of the deal; a party cannot mediate its own deal"));
    }

    @Test
    void shouldPrefixEmbeddedOfferViolationsWhenValidatingADeal() {
        Deal golden = GoldenJsonTest.deal();
        JobOffer badOffer = jobOfferWith("spec.cpu", -1);
        Deal deal = withId(
                new Deal("", golden.members(), golden.pricing(), golden.timeouts(), badOffer, golden.resourceOffer()));

        assertThat(ModelValidator.validate(deal))
                .extracting(Violation::field)
                .containsExactly("job_offer.spec.cpu", "job_offer.id");
    }

    @Test
    void shouldNameDealTermsWhenTheContractsWouldRejectThem() {
        Deal golden = GoldenJsonTest.deal();
        DealTimeouts badTimeouts = new DealTimeouts(
                new DealTimeout(10, BigInteger.ONE),
                golden.timeouts().submitResults(),
                golden.timeouts().judgeResults(),
                DealTimeout.of(0));
        Deal deal = withId(new Deal(
                "",
                golden.members(),
                new DealPricing(BigInteger.valueOf(-1), BigInteger.ONE, 1, BigInteger.ONE),
                badTimeouts,
                golden.jobOffer(),
                golden.resourceOffer()));

        assertThat(ModelValidator.validate(deal))
                .extracting(Violation::field)
                .containsExactly(
                        "pricing.instruction_price", "timeouts.agree.collateral", "timeouts.mediate_results.timeout");
    }

    @Test
    void shouldNameMembersWhenTheyAreMissing() {
        Deal golden = GoldenJsonTest.deal();
        Deal deal = withId(withMembers(golden, new DealMembers(null, null, null, null)));

        assertThat(ModelValidator.validate(deal))
                .filteredOn(v -> v.message().equals("is missing") || v.message().startsWith("is empty"))
                .extracting(Violation::field)
                .containsExactly(
                        "members.solver", "members.job_creator", "members.resource_provider", "members.mediators");
        assertThat(ModelValidator.validate(deal))
                .extracting(Violation::message)
                .noneMatch(message -> message.contains("is also the job creator"));
    }

    // ---------------------------------------------------------------- results

    @Test
    void shouldNameDataIdWhenResultHasNeitherDataNorError() {
        Result result = new Result("", GoldenFiles.DEAL_ID, "", "", 1);

        assertThat(ModelValidator.validate(result)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("data_id");
            assertThat(v.message()).contains("needs the id of its data, or an error");
        });
        assertThat(ModelValidator.validate(new Result("", GoldenFiles.DEAL_ID, "", "exit code 1", 0)))
                .as("a failed job reports its error instead")
                .isEmpty();
    }

    @Test
    void shouldNameResultFieldsWhenTheyAreMalformed() {
        assertThat(ModelValidator.validate(new Result("", GoldenFiles.DEAL_ID, "0xabc", "", 1)))
                .extracting(Violation::field)
                .containsExactly("data_id");
        assertThat(ModelValidator.validate(new Result("", "", GoldenFiles.DATA_ID, "", 1)))
                .containsExactly(new Violation("deal_id", "is missing"));
        assertThat(ModelValidator.validate(new Result("", GoldenFiles.DEAL_ID, GoldenFiles.DATA_ID, "", -1)))
                .extracting(Violation::field)
                .containsExactly("instruction_count");
        assertThat(ModelValidator.validate(GoldenJsonTest.result().withId(GoldenFiles.DEAL_ID)))
                .extracting(Violation::field)
                .containsExactly("id");
    }

    // ---------------------------------------------------------------- transactions

    @Test
    void shouldNameTransactionFieldWhenItIsNotAHash() {
        assertThat(ModelValidator.validate(new DealTransactionsResourceProvider("0x12", "", "", "", "")))
                .extracting(Violation::field)
                .containsExactly("agree");
        assertThat(ModelValidator.validate(new DealTransactionsJobCreator("", "", "", "", "", "nope")))
                .extracting(Violation::field)
                .containsExactly("timeout_mediate_results");
        assertThat(ModelValidator.validate(new DealTransactionsMediator("", "0x" + "z".repeat(64))))
                .extracting(Violation::field)
                .containsExactly("mediation_reject_result");
        assertThat(ModelValidator.validate(new DealTransactionsMediator("0x" + "Ab".repeat(32), "")))
                .isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static JobOffer jobOfferWith(String path, Object value) {
        return edited("job-offer.json", JobOffer.class, path, value);
    }

    private static ResourceOffer resourceOfferWith(String path, Object value) {
        return edited("resource-offer.json", ResourceOffer.class, path, value);
    }

    /** The golden file with the value at a dotted JSON path replaced (null removes nothing, it sets null). */
    private static <T> T edited(String file, Class<T> type, String path, Object value) {
        ObjectNode root = (ObjectNode) GoldenFiles.tree(file);
        String[] names = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < names.length - 1; i++) {
            parent = (ObjectNode) parent.get(names[i]);
        }
        parent.set(names[names.length - 1], MAPPER.valueToTree(value));
        return MAPPER.treeToValue(root, type);
    }

    private static Deal withMembers(Deal deal, DealMembers members) {
        return new Deal(deal.id(), members, deal.pricing(), deal.timeouts(), deal.jobOffer(), deal.resourceOffer());
    }

    private static Deal withId(Deal deal) {
        return deal.withId(ContentIds.of(deal));
    }

    @Test
    void shouldRefuseNulUnpairedSurrogatesAndOverlongTextWithoutRepeatingTheValueWhenAJobRequestCarriesThem() {
        List<Violation> violations = ModelValidator.validateJobRequest(
                new ModuleConfig("", "https://example.com/r\u0000", "v".repeat(300), "/module.json"),
                Map.of("Bad\ud800", "x", "Message", "a\u0000b"));

        assertThat(violations)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "module.repo", "module.hash", "inputs[Bad\\ud800] (name)", "inputs[Message]");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain("\u0000"));
        assertThat(ModelValidator.validateJobRequest(
                        ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "\ud83d\udc2e moo")))
                .isEmpty();
    }
}
