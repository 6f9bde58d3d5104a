package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveStorage.Deal;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * CoopHiveStorage on its own: a separate deployment whose controller is the admin account, so the
 * test drives the mutators directly (as the reference suite's "Testable" storage) and passes the
 * acting party's address as the controller would.
 */
class StorageIT {

    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final byte[] RESULTS_ID = TestDeal.id("11");
    private static final byte[] DATA_ID = TestDeal.id("12");
    private static final BigInteger INSTRUCTION_COUNT = BigInteger.valueOf(25);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();
    /** Controlled by the admin account. */
    static CoopHiveStorage storage;
    /** Never given a controller. */
    static CoopHiveStorage unwired;

    Party resourceProvider;
    Party jobCreator;
    Party mediator;
    TestDeal terms;
    Deal deal;

    /** A storage mutator called as {@code caller} on {@code deal}. */
    @FunctionalInterface
    interface StorageCall {
        RemoteFunctionCall<TransactionReceipt> on(CoopHiveStorage storage, Deal deal, String caller);
    }

    @BeforeAll
    static void startChain() throws Exception {
        Party admin = chain.admin();
        storage = deployAsAdmin();
        storage.setControllerAddress(admin.address()).send();
        unwired = deployAsAdmin();
    }

    private static CoopHiveStorage deployAsAdmin() throws Exception {
        var web3j = chain.chain().web3j();
        var transactions = chain.admin().transactions();
        String address = CoopHiveStorage.deploy(
                        web3j, transactions, chain.chain().deployGas())
                .send()
                .getContractAddress();
        return CoopHiveStorage.load(address, web3j, transactions, chain.chain().callGas());
    }

    @BeforeEach
    void setUp() throws Exception {
        resourceProvider = chain.resourceProvider();
        jobCreator = chain.jobCreator();
        mediator = chain.mediator();
        terms = TestDeal.between("10", chain.solver(), jobCreator, resourceProvider, mediator);
        deal = terms.toStorageStruct();
    }

    /** Every mutator, for the access control and deal lookup checks. Also used by {@link AccessControlIT}. */
    static Stream<Arguments> mutators() {
        return Stream.of(
                mutator("agree", (s, d, caller) -> s.agree(d, caller)),
                mutator("addResult", (s, d, caller) -> s.addResult(d, caller, RESULTS_ID, DATA_ID, INSTRUCTION_COUNT)),
                mutator("acceptResult", (s, d, caller) -> s.acceptResult(d, caller)),
                mutator("checkResult", (s, d, caller) -> s.checkResult(d, caller)),
                mutator("mediationAcceptResult", (s, d, caller) -> s.mediationAcceptResult(d)),
                mutator("mediationRejectResult", (s, d, caller) -> s.mediationRejectResult(d)),
                mutator("timeoutAgree", (s, d, caller) -> s.timeoutAgree(d, caller)),
                mutator("timeoutSubmitResults", (s, d, caller) -> s.timeoutSubmitResults(d, caller)),
                mutator("timeoutJudgeResults", (s, d, caller) -> s.timeoutJudgeResults(d, caller)),
                mutator("timeoutMediateResults", (s, d, caller) -> s.timeoutMediateResults(d, caller)));
    }

    /** The mutators that act on a deal that must already exist (all but agree). */
    static Stream<Arguments> dealSteps() {
        return mutators().skip(1);
    }

    private static Arguments mutator(String name, StorageCall call) {
        return Arguments.of(name, call);
    }

    // ---------------------------------------------------------------- deployment and access control

    @Test
    void shouldHaveNoDealWhenDeployed() throws Exception {
        assertThat(storage.hasDeal(terms.key()).send()).isFalse();
        assertThat(storage.getDealHash(terms.key()).send()).isEqualTo(new byte[32]);
        assertThat(state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(storage.getResult(terms.key()).send().dataId).isEqualTo(new byte[32]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void shouldRevertControllerNotSetWhenStorageHasNoController(String name, StorageCall call) throws Exception {
        DecodedError error = resourceProvider.revertOf(unwired, call.on(unwired, deal, resourceProvider.address()));

        assertThat(error).isEqualTo(new DecodedError("ControllerNotSet", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void shouldRevertNotControllerWhenCallerIsNotTheController(String name, StorageCall call) throws Exception {
        DecodedError error = resourceProvider.revertOf(storage, call.on(storage, deal, resourceProvider.address()));

        assertThat(error).isEqualTo(new DecodedError("NotController", List.of(checksum(resourceProvider))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dealSteps")
    void shouldRevertDealNotFoundWhenDealDoesNotExist(String name, StorageCall call) throws Exception {
        assertThat(revertOf(call.on(storage, deal, jobCreator.address())))
                .isEqualTo(new DecodedError("DealNotFound", List.of(hex(deal.dealId))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dealSteps")
    void shouldRevertDealTermsMismatchWhenTermsDifferFromAgreedOnes(String name, StorageCall call) throws Exception {
        agree(resourceProvider);
        Deal altered = terms.withPricing(tokens(11), tokens(30), BigInteger.valueOf(4), tokens(5))
                .toStorageStruct();

        assertThat(revertOf(call.on(storage, altered, jobCreator.address())))
                .isEqualTo(new DecodedError("DealTermsMismatch", List.of(hex(deal.dealId))));
    }

    // ---------------------------------------------------------------- deals

    @Test
    void shouldStoreDealAndEmitDealCreatedWhenFirstPartyAgrees() throws Exception {
        TransactionReceipt receipt = agree(resourceProvider);

        assertThat(storage.hasDeal(terms.key()).send()).isTrue();
        assertThat(CoopHiveStorage.getDealCreatedEvents(receipt))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.dealKey).isEqualTo(terms.key());
                    assertThat(e.jobCreator).isEqualToIgnoringCase(jobCreator.address());
                    assertThat(e.resourceProvider).isEqualToIgnoringCase(resourceProvider.address());
                    assertThat(TypeEncoder.encode(e.deal)).isEqualTo(TypeEncoder.encode(deal));
                });
        assertThat(CoopHiveStorage.getDealStateChangeEvents(receipt)).isEmpty();
    }

    @Test
    void shouldCommitToKeccakOfAbiEncodedTermsWhenDealIsStored() throws Exception {
        agree(resourceProvider);

        byte[] stored = storage.getDealHash(terms.key()).send();

        assertThat(stored).isEqualTo(storage.hashDeal(deal).send());
        // keccak256(abi.encode(deal)), computed off chain.
        assertThat(stored)
                .isEqualTo(Hash.sha3(
                        Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.<Type>of(deal)))));
    }

    static Stream<Arguments> invalidTerms() {
        String jc = DevAccounts.jobCreator().address();
        String rp = DevAccounts.resourceProvider().address();
        String solver = DevAccounts.solver().address();
        String mediator = DevAccounts.mediator().address();
        List<String> tooMany = IntStream.rangeClosed(1, 17)
                .mapToObj(i -> Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(0x1000 + i), 40))
                .toList();
        BigInteger tooLong = BigInteger.ONE.shiftLeft(32);
        return Stream.of(
                invalid(
                        "SameResourceProviderAndJobCreator",
                        t -> t.withMembers(solver, jc, jc, List.of(mediator)),
                        Keys.toChecksumAddress(jc)),
                invalid("MissingResourceProvider", t -> t.withMembers(solver, jc, ZERO_ADDRESS, List.of(mediator))),
                invalid("MissingJobCreator", t -> t.withMembers(solver, ZERO_ADDRESS, rp, List.of(mediator))),
                invalid("MissingSolver", t -> t.withMembers(ZERO_ADDRESS, jc, rp, List.of(mediator))),
                invalid("NoMediators", t -> t.withMembers(solver, jc, rp, List.of())),
                invalid("MissingMediator", t -> t.withMembers(solver, jc, rp, List.of(mediator, ZERO_ADDRESS)), "1"),
                invalid(
                        "MediatorIsDealParty",
                        t -> t.withMembers(solver, jc, rp, List.of(mediator, rp)),
                        Keys.toChecksumAddress(rp)),
                invalid("TooManyMediators", t -> t.withMembers(solver, jc, rp, tooMany), "17", "16"),
                invalid(
                        "AgreeCollateralNotZero",
                        t -> t.withCollaterals(BigInteger.ONE, tokens(10), tokens(10), BigInteger.ZERO),
                        "1"),
                invalid(
                        "MediateCollateralNotZero",
                        t -> t.withCollaterals(BigInteger.ZERO, tokens(10), tokens(10), BigInteger.TWO),
                        "2"),
                invalid("ZeroTimeout", t -> t.withTimeouts(100, 100, 0, 100), "judgeResults"),
                invalid(
                        "TermTooLarge",
                        t -> t.withTimeouts(100, 100, 100, tooLong.longValueExact()),
                        "mediateResults",
                        tooLong.toString(),
                        "4294967295"),
                invalid(
                        "TermTooLarge",
                        t -> t.withPricing(tokens(10), tokens(30), tooLong, tokens(5)),
                        "resultsCollateralMultiple",
                        tooLong.toString(),
                        "4294967295"));
    }

    private static Arguments invalid(String error, UnaryOperator<TestDeal> change, String... arguments) {
        return Arguments.of(error, change, List.of(arguments));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("invalidTerms")
    void shouldRejectTermsWhenTheyAreInvalid(String error, UnaryOperator<TestDeal> change, List<String> arguments)
            throws Exception {
        Deal invalid = change.apply(terms).toStorageStruct();

        assertThat(revertOf(storage.agree(invalid, invalid.members.resourceProvider)))
                .isEqualTo(new DecodedError(error, arguments));
    }

    @Test
    void shouldRevertMissingDealIdWhenDealIdIsZero() throws Exception {
        Deal withoutId = new Deal(new byte[32], deal.members, deal.timeouts, deal.pricing);

        assertThat(revertOf(storage.agree(withoutId, resourceProvider.address())))
                .isEqualTo(new DecodedError("MissingDealId", List.of()));
    }

    // ---------------------------------------------------------------- agreements

    @Test
    void shouldBeNegotiatingWhenOnlyOnePartyAgreed() throws Exception {
        TransactionReceipt receipt = agree(resourceProvider);

        CoopHiveStorage.Agreement agreement = agreement();
        assertThat(state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(agreement.resourceProviderAgreed).isTrue();
        assertThat(agreement.jobCreatorAgreed).isFalse();
        assertThat(agreement.dealCreatedAt).isEqualTo(timestampOf(receipt));
        assertThat(agreement.dealAgreedAt).isZero();
    }

    @Test
    void shouldAgreeDealAndEmitDealAgreedWhenBothPartiesAgree() throws Exception {
        agree(jobCreator);

        TransactionReceipt receipt = agree(resourceProvider);

        assertStateChange(receipt, AgreementState.DEAL_AGREED);
        CoopHiveStorage.Agreement agreement = agreement();
        assertThat(state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(agreement.resourceProviderAgreed).isTrue();
        assertThat(agreement.jobCreatorAgreed).isTrue();
        assertThat(agreement.dealAgreedAt).isEqualTo(timestampOf(receipt));
        assertThat(CoopHiveStorage.getDealCreatedEvents(receipt)).isEmpty();
    }

    @Test
    void shouldRevertAlreadyAgreedWhenResourceProviderAgreesTwice() throws Exception {
        agree(resourceProvider);

        assertThat(revertOf(storage.agree(deal, resourceProvider.address())))
                .isEqualTo(error("AlreadyAgreed", resourceProvider));
    }

    @Test
    void shouldRevertAlreadyAgreedWhenJobCreatorAgreesTwice() throws Exception {
        agree(jobCreator);

        assertThat(revertOf(storage.agree(deal, jobCreator.address()))).isEqualTo(error("AlreadyAgreed", jobCreator));
    }

    @Test
    void shouldRevertNotDealPartyWhenSomeoneElseAgrees() throws Exception {
        assertThat(revertOf(storage.agree(deal, mediator.address()))).isEqualTo(error("NotDealParty", mediator));

        agree(resourceProvider);

        assertThat(revertOf(storage.agree(deal, mediator.address()))).isEqualTo(error("NotDealParty", mediator));
    }

    @Test
    void shouldRevertDealTermsMismatchWhenSecondPartyAgreesToOtherTerms() throws Exception {
        agree(resourceProvider);
        Deal cheaper = terms.withPricing(tokens(9), tokens(30), BigInteger.valueOf(4), tokens(5))
                .toStorageStruct();

        assertThat(revertOf(storage.agree(cheaper, jobCreator.address())))
                .isEqualTo(new DecodedError("DealTermsMismatch", List.of(hex(deal.dealId))));
    }

    @Test
    void shouldRevertWrongStateWhenAgreeingToAnAgreedDeal() throws Exception {
        agreeBoth();

        assertThat(revertOf(storage.agree(deal, jobCreator.address())))
                .isEqualTo(wrongState(AgreementState.DEAL_AGREED, AgreementState.DEAL_NEGOTIATING));
    }

    // ---------------------------------------------------------------- results

    @Test
    void shouldStoreResultAndEmitResultAddedWhenResourceProviderSubmits() throws Exception {
        agreeBoth();

        TransactionReceipt receipt = addResult();

        assertStateChange(receipt, AgreementState.RESULTS_SUBMITTED);
        assertThat(CoopHiveStorage.getResultAddedEvents(receipt))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.dealKey).isEqualTo(terms.key());
                    assertThat(e.resultsId).isEqualTo(RESULTS_ID);
                    assertThat(e.dataId).isEqualTo(DATA_ID);
                    assertThat(e.instructionCount).isEqualTo(INSTRUCTION_COUNT);
                });
        CoopHiveStorage.Result result = storage.getResult(terms.key()).send();
        assertThat(result.dealKey).isEqualTo(terms.key());
        assertThat(result.dataId).isEqualTo(DATA_ID);
        assertThat(result.instructionCount).isEqualTo(INSTRUCTION_COUNT);
        assertThat(agreement().resultsSubmittedAt).isEqualTo(timestampOf(receipt));
        assertThat(agreement().instructionCount).isEqualTo(INSTRUCTION_COUNT);
    }

    @Test
    void shouldRevertMissingIdsWhenResultHasNoResultsOrDataId() throws Exception {
        agreeBoth();
        String rp = resourceProvider.address();

        assertThat(revertOf(storage.addResult(deal, rp, new byte[32], DATA_ID, INSTRUCTION_COUNT)))
                .isEqualTo(new DecodedError("MissingResultsId", List.of()));
        assertThat(revertOf(storage.addResult(deal, rp, RESULTS_ID, new byte[32], INSTRUCTION_COUNT)))
                .isEqualTo(new DecodedError("MissingDataId", List.of()));
    }

    @Test
    void shouldRevertWrongStateWhenAddingResultOutsideDealAgreed() throws Exception {
        agree(resourceProvider);
        assertThat(revertOf(addResultCall()))
                .isEqualTo(wrongState(AgreementState.DEAL_NEGOTIATING, AgreementState.DEAL_AGREED));

        agree(jobCreator);
        addResult();
        assertThat(revertOf(addResultCall()))
                .isEqualTo(wrongState(AgreementState.RESULTS_SUBMITTED, AgreementState.DEAL_AGREED));
    }

    @Test
    void shouldRevertNotResourceProviderWhenJobCreatorAddsResult() throws Exception {
        agreeBoth();

        var call = storage.addResult(deal, jobCreator.address(), RESULTS_ID, DATA_ID, INSTRUCTION_COUNT);

        assertThat(revertOf(call)).isEqualTo(error("NotResourceProvider", jobCreator));
    }

    @Test
    void shouldAcceptResultWhenJobCreatorAccepts() throws Exception {
        agreeBoth();
        addResult();

        TransactionReceipt receipt =
                storage.acceptResult(deal, jobCreator.address()).send();

        assertStateChange(receipt, AgreementState.RESULTS_ACCEPTED);
        assertThat(state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    void shouldCheckResultWhenJobCreatorChallenges() throws Exception {
        agreeBoth();
        addResult();

        TransactionReceipt receipt = checkResult();

        assertStateChange(receipt, AgreementState.RESULTS_CHECKED);
        assertThat(state()).isEqualTo(AgreementState.RESULTS_CHECKED);
        assertThat(agreement().resultsCheckedAt).isEqualTo(timestampOf(receipt));
    }

    @Test
    void shouldRevertNotJobCreatorWhenResourceProviderJudgesResult() throws Exception {
        agreeBoth();
        addResult();
        String rp = resourceProvider.address();

        assertThat(revertOf(storage.acceptResult(deal, rp))).isEqualTo(error("NotJobCreator", resourceProvider));
        assertThat(revertOf(storage.checkResult(deal, rp))).isEqualTo(error("NotJobCreator", resourceProvider));
    }

    @Test
    void shouldRevertWrongStateWhenJudgingBeforeResultsAreSubmitted() throws Exception {
        agreeBoth();
        String jc = jobCreator.address();
        DecodedError expected = wrongState(AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED);

        assertThat(revertOf(storage.acceptResult(deal, jc))).isEqualTo(expected);
        assertThat(revertOf(storage.checkResult(deal, jc))).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- mediation

    @Test
    void shouldAcceptMediationWhenResultsAreChecked() throws Exception {
        toResultsChecked();

        TransactionReceipt receipt = storage.mediationAcceptResult(deal).send();

        assertStateChange(receipt, AgreementState.MEDIATION_ACCEPTED);
        assertThat(state()).isEqualTo(AgreementState.MEDIATION_ACCEPTED);
    }

    @Test
    void shouldRejectMediationWhenResultsAreChecked() throws Exception {
        toResultsChecked();

        TransactionReceipt receipt = storage.mediationRejectResult(deal).send();

        assertStateChange(receipt, AgreementState.MEDIATION_REJECTED);
        assertThat(state()).isEqualTo(AgreementState.MEDIATION_REJECTED);
    }

    @Test
    void shouldRevertWrongStateWhenMediatingResultsThatWereNotChecked() throws Exception {
        agreeBoth();
        DecodedError fromAgreed = wrongState(AgreementState.DEAL_AGREED, AgreementState.RESULTS_CHECKED);
        assertThat(revertOf(storage.mediationAcceptResult(deal))).isEqualTo(fromAgreed);
        assertThat(revertOf(storage.mediationRejectResult(deal))).isEqualTo(fromAgreed);

        addResult();
        DecodedError fromSubmitted = wrongState(AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_CHECKED);
        assertThat(revertOf(storage.mediationAcceptResult(deal))).isEqualTo(fromSubmitted);
        assertThat(revertOf(storage.mediationRejectResult(deal))).isEqualTo(fromSubmitted);
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void shouldTimeOutAgreementOnlyAfterDeadlineWhenSecondPartyNeverAgrees() throws Exception {
        TransactionReceipt agreed = agree(resourceProvider);
        var call = storage.timeoutAgree(deal, jobCreator.address());

        assertThat(revertOf(call)).isEqualTo(notTimedOut(timestampOf(agreed), terms.agreeTimeout()));
        assertThat(revertOf(storage.timeoutAgree(deal, mediator.address()))).isEqualTo(error("NotDealParty", mediator));

        chain.increaseTime(terms.agreeTimeout() + 1);
        assertStateChange(call.send(), AgreementState.TIMEOUT_AGREE);
        assertThat(state()).isEqualTo(AgreementState.TIMEOUT_AGREE);
    }

    @Test
    void shouldTimeOutSubmitResultsOnlyAfterDeadlineWhenResourceProviderNeverSubmits() throws Exception {
        TransactionReceipt agreed = agreeBoth();
        var call = storage.timeoutSubmitResults(deal, jobCreator.address());

        assertThat(revertOf(call)).isEqualTo(notTimedOut(timestampOf(agreed), terms.submitResultsTimeout()));
        assertThat(revertOf(storage.timeoutSubmitResults(deal, resourceProvider.address())))
                .isEqualTo(error("NotJobCreator", resourceProvider));

        chain.increaseTime(terms.submitResultsTimeout() + 1);
        assertStateChange(call.send(), AgreementState.TIMEOUT_SUBMIT_RESULTS);
        assertThat(state()).isEqualTo(AgreementState.TIMEOUT_SUBMIT_RESULTS);
    }

    @Test
    void shouldTimeOutJudgeResultsOnlyAfterDeadlineWhenJobCreatorNeverJudges() throws Exception {
        agreeBoth();
        TransactionReceipt submitted = addResult();
        var call = storage.timeoutJudgeResults(deal, resourceProvider.address());

        assertThat(revertOf(call)).isEqualTo(notTimedOut(timestampOf(submitted), terms.judgeResultsTimeout()));
        assertThat(revertOf(storage.timeoutJudgeResults(deal, jobCreator.address())))
                .isEqualTo(error("NotResourceProvider", jobCreator));

        chain.increaseTime(terms.judgeResultsTimeout() + 1);
        assertStateChange(call.send(), AgreementState.TIMEOUT_JUDGE_RESULTS);
        assertThat(state()).isEqualTo(AgreementState.TIMEOUT_JUDGE_RESULTS);
    }

    @Test
    void shouldTimeOutMediationOnlyAfterDeadlineWhenMediatorNeverDecides() throws Exception {
        TransactionReceipt checked = toResultsChecked();
        var call = storage.timeoutMediateResults(deal, resourceProvider.address());

        assertThat(revertOf(call)).isEqualTo(notTimedOut(timestampOf(checked), terms.mediateResultsTimeout()));
        assertThat(revertOf(storage.timeoutMediateResults(deal, mediator.address())))
                .isEqualTo(error("NotDealParty", mediator));

        chain.increaseTime(terms.mediateResultsTimeout() + 1);
        assertStateChange(call.send(), AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertThat(state()).isEqualTo(AgreementState.TIMEOUT_MEDIATE_RESULTS);
    }

    @Test
    void shouldRefuseTimeoutUntilPastDeadlineWhenClaimedToTheSecond() throws Exception {
        TransactionReceipt agreed = agreeBoth();
        BigInteger deadline = timestampOf(agreed).add(BigInteger.valueOf(terms.submitResultsTimeout()));
        var call = storage.timeoutSubmitResults(deal, jobCreator.address());

        setNextBlockTimestamp(deadline);
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(state()).isEqualTo(AgreementState.DEAL_AGREED);

        setNextBlockTimestamp(deadline.add(BigInteger.ONE));
        assertStateChange(call.send(), AgreementState.TIMEOUT_SUBMIT_RESULTS);
    }

    @Test
    void shouldRevertWrongStateWhenTimeoutDoesNotMatchTheStage() throws Exception {
        agreeBoth();
        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);

        List<DecodedError> errors = new ArrayList<>();
        errors.add(revertOf(storage.timeoutAgree(deal, jobCreator.address())));
        errors.add(revertOf(storage.timeoutJudgeResults(deal, resourceProvider.address())));
        errors.add(revertOf(storage.timeoutMediateResults(deal, jobCreator.address())));

        assertThat(errors)
                .containsExactly(
                        wrongState(AgreementState.DEAL_AGREED, AgreementState.DEAL_NEGOTIATING),
                        wrongState(AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED),
                        wrongState(AgreementState.DEAL_AGREED, AgreementState.RESULTS_CHECKED));
    }

    // ---------------------------------------------------------------- helpers

    private TransactionReceipt agree(Party party) throws Exception {
        return agree(party, deal);
    }

    private TransactionReceipt agree(Party party, Deal terms) throws Exception {
        return storage.agree(terms, party.address()).send();
    }

    /** Both parties agree; returns the receipt of the second agreement. */
    private TransactionReceipt agreeBoth() throws Exception {
        agree(resourceProvider);
        return agree(jobCreator);
    }

    private RemoteFunctionCall<TransactionReceipt> addResultCall() {
        return storage.addResult(deal, resourceProvider.address(), RESULTS_ID, DATA_ID, INSTRUCTION_COUNT);
    }

    private TransactionReceipt addResult() throws Exception {
        return addResultCall().send();
    }

    private TransactionReceipt checkResult() throws Exception {
        return storage.checkResult(deal, jobCreator.address()).send();
    }

    /** Agrees, submits and checks results; returns the receipt of the check. */
    private TransactionReceipt toResultsChecked() throws Exception {
        agreeBoth();
        addResult();
        return checkResult();
    }

    /** The revert of a call sent by the controller (the admin account). */
    private static DecodedError revertOf(RemoteFunctionCall<?> call) throws Exception {
        return chain.admin().revertOf(storage, call);
    }

    private CoopHiveStorage.Agreement agreement() throws Exception {
        return storage.getAgreement(terms.key()).send();
    }

    private AgreementState state() throws Exception {
        return AgreementState.ofCode(agreement().state.intValueExact());
    }

    private void assertStateChange(TransactionReceipt receipt, AgreementState state) {
        assertThat(CoopHiveStorage.getDealStateChangeEvents(receipt))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.dealKey).isEqualTo(terms.key());
                    assertThat(e.dealId).isEqualTo(deal.dealId);
                    assertThat(e.state.intValueExact()).isEqualTo(state.code());
                });
    }

    private static BigInteger timestampOf(TransactionReceipt receipt) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetBlockByHash(receipt.getBlockHash(), false)
                .send()
                .getBlock()
                .getTimestamp();
    }

    /** Pins the next block's time (Anvil), to probe a deadline to the second. */
    private static void setNextBlockTimestamp(BigInteger seconds) throws Exception {
        var service = new HttpService(chain.node().rpcUrl());
        var response = new Request<>(
                        "evm_setNextBlockTimestamp", List.of(seconds), service, AnvilNode.RawResponse.class)
                .send();
        assertThat(response.hasError()).as("evm_setNextBlockTimestamp").isFalse();
    }

    private DecodedError error(String name, Party party) {
        return new DecodedError(name, List.of(hex(deal.dealId), checksum(party)));
    }

    private DecodedError wrongState(AgreementState current, AgreementState required) {
        return new DecodedError(
                "WrongState",
                List.of(hex(deal.dealId), Integer.toString(current.code()), Integer.toString(required.code())));
    }

    private DecodedError notTimedOut(BigInteger since, long timeout) {
        return new DecodedError(
                "NotTimedOut",
                List.of(hex(deal.dealId), since.add(BigInteger.valueOf(timeout)).toString()));
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    private static String checksum(Party party) {
        return Keys.toChecksumAddress(party.address());
    }
}
