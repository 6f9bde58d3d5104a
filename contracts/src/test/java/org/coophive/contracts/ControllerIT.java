package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.testing.ChainFixture.tokens;
import static org.coophive.contracts.testing.MoneyTable.Step.ACCEPT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.ADD_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_JOB_CREATOR;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_RESOURCE_PROVIDER;
import static org.coophive.contracts.testing.MoneyTable.Step.CHECK_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.MEDIATION_ACCEPT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.MEDIATION_REJECT_RESULT;
import static org.coophive.contracts.testing.MoneyTable.assertMoves;
import static org.coophive.contracts.testing.MoneyTable.assertRevertsAndMovesNothing;
import static org.coophive.contracts.testing.MoneyTable.checksum;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.MoneyTable;
import org.coophive.contracts.testing.MoneyTable.Holdings;
import org.coophive.contracts.testing.MoneyTable.Movement;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.TypeEncoder;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The deal lifecycle driven through the deployed CoopHiveController, step by step: the cases of
 * the reference controller suite plus terms, party, state and allowance checks. Every step is
 * held to the money table ({@link MoneyTable}).
 */
class ControllerIT {

    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final byte[] RESULTS_ID = TestDeal.id("11");
    private static final byte[] DATA_ID = TestDeal.id("12");

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    static Party jc;
    static Party rp;
    static Party mediator;
    static Party solver;
    static Party outsider;

    TestDeal deal;

    @BeforeAll
    static void startChain() throws Exception {
        jc = chain.jobCreator();
        rp = chain.resourceProvider();
        mediator = chain.mediator();
        solver = chain.solver();
        outsider = chain.extra(8);
        for (Party party : List.of(jc, rp)) {
            party.token().approve(chain.addresses().payments(), UNLIMITED).send();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        deal = TestDeal.between("10", solver, jc, rp, mediator);
    }

    // ------------------------------------------------------------------ agreement

    @Test
    void shouldLockTimeoutCollateralAndStoreTermsWhenResourceProviderAgrees() throws Exception {
        TransactionReceipt receipt = agree(rp, deal);

        assertThat(statesIn(receipt)).isEmpty();
        var created = CoopHiveStorage.getDealCreatedEvents(receipt);
        assertThat(created).singleElement().satisfies(event -> {
            assertThat(event.dealKey).isEqualTo(deal.key());
            assertThat(checksum(event.resourceProvider)).isEqualTo(checksum(rp.address()));
            assertThat(checksum(event.jobCreator)).isEqualTo(checksum(jc.address()));
            assertThat(TypeEncoder.encode(event.deal)).isEqualTo(TypeEncoder.encode(deal.toContract()));
        });
        var agreement = agreementOf(deal);
        assertThat(AgreementState.ofCode(agreement.state.intValueExact())).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(agreement.resourceProviderAgreed).isTrue();
        assertThat(agreement.jobCreatorAgreed).isFalse();
        assertThat(agreement.dealCreatedAt).isPositive();
        assertThat(jc.storage().hasDeal(deal.key()).send()).isTrue();
        assertThat(chain.escrowOf(deal.key())).isEqualTo(tokens(10));
    }

    @Test
    void shouldLockPaymentAndTimeoutCollateralWhenJobCreatorAgrees() throws Exception {
        TransactionReceipt receipt = agree(jc, deal);

        assertThat(statesIn(receipt)).isEmpty();
        assertThat(CoopHiveStorage.getDealCreatedEvents(receipt)).hasSize(1);
        var agreement = agreementOf(deal);
        assertThat(AgreementState.ofCode(agreement.state.intValueExact())).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(agreement.jobCreatorAgreed).isTrue();
        assertThat(agreement.resourceProviderAgreed).isFalse();
        assertThat(chain.escrowOf(deal.key())).isEqualTo(tokens(40));
    }

    @ParameterizedTest(name = "resource provider first: {0}")
    @ValueSource(booleans = {false, true})
    void shouldAgreeDealWhenBothPartiesAgree(boolean resourceProviderFirst) throws Exception {
        Party first = resourceProviderFirst ? rp : jc;
        Party second = resourceProviderFirst ? jc : rp;

        assertThat(statesIn(agree(first, deal))).isEmpty();
        TransactionReceipt receipt = agree(second, deal);

        assertThat(statesIn(receipt)).containsExactly(AgreementState.DEAL_AGREED);
        assertThat(CoopHiveStorage.getDealCreatedEvents(receipt)).isEmpty();
        assertThat(stateOf(deal)).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(agreementOf(deal).dealAgreedAt).isPositive();
        assertThat(chain.escrowOf(deal.key())).isEqualTo(tokens(10 + 30 + 10));
        assertThat(chain.escrowBalance()).isEqualTo(tokens(50));
    }

    @Test
    void shouldRevertDealTermsMismatchAndChangeNothingWhenSecondAgreeHasDifferentTerms() throws Exception {
        agree(jc, deal);
        TestDeal cheaper = deal.withPricing(tokens(9), tokens(30), BigInteger.valueOf(4), tokens(5));

        assertRejected(rp, rp.controller().agree(cheaper.toContract()), error("DealTermsMismatch", hex(deal)));

        assertThat(agreementOf(deal).resourceProviderAgreed).isFalse();
        assertThat(stateOf(deal)).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        agree(rp, deal);
        assertThat(stateOf(deal)).isEqualTo(AgreementState.DEAL_AGREED);
    }

    @Test
    void shouldRevertAlreadyAgreedWhenPartyAgreesTwice() throws Exception {
        agree(jc, deal);

        assertRejected(jc, jc.controller().agree(deal.toContract()), error("AlreadyAgreed", hex(deal), address(jc)));
    }

    @Test
    void shouldRevertNotDealPartyWhenOutsiderAgrees() throws Exception {
        assertRejected(
                outsider,
                outsider.controller().agree(deal.toContract()),
                error("NotDealParty", hex(deal), address(outsider)));
        assertThat(jc.storage().hasDeal(deal.key()).send()).isFalse();

        agree(rp, deal);
        assertRejected(
                mediator,
                mediator.controller().agree(deal.toContract()),
                error("NotDealParty", hex(deal), address(mediator)));
    }

    @Test
    void shouldRevertWrongStateWhenAgreeingToAnAgreedDeal() throws Exception {
        agreeBoth(deal);

        assertRejected(
                rp,
                rp.controller().agree(deal.toContract()),
                wrongState(deal, AgreementState.DEAL_AGREED, AgreementState.DEAL_NEGOTIATING));
    }

    @Test
    void shouldRevertInsufficientAllowanceAndStoreNothingWhenJobCreatorHasNotApproved() throws Exception {
        BigInteger tooLittle = tokens(39);
        jc.token().approve(chain.addresses().payments(), tooLittle).send();

        assertRejected(
                jc,
                jc.controller().agree(deal.toContract()),
                error(
                        "ERC20InsufficientAllowance",
                        checksum(chain.addresses().payments()),
                        tooLittle.toString(),
                        tokens(40).toString()));

        assertThat(jc.storage().hasDeal(deal.key()).send()).isFalse();
        assertThat(jc.storage().getDealHash(deal.key()).send()).containsOnly(0);
    }

    @Test
    void shouldRevertEnforcedPauseWhenTokenIsPaused() throws Exception {
        chain.admin().token().pause().send();

        assertRejected(jc, jc.controller().agree(deal.toContract()), error("EnforcedPause"));
        assertRejected(rp, rp.controller().agree(deal.toContract()), error("EnforcedPause"));
        assertThat(jc.storage().hasDeal(deal.key()).send()).isFalse();

        chain.admin().token().unpause().send();
        agree(jc, deal);
    }

    // ------------------------------------------------------------------ results

    @Test
    void shouldLockResultsCollateralAndRefundTimeoutCollateralWhenResourceProviderPostsResults() throws Exception {
        agreeBoth(deal);

        TransactionReceipt receipt = addResult(deal, 1);

        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_SUBMITTED);
        assertThat(CoopHiveStorage.getResultAddedEvents(receipt))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.dealKey).isEqualTo(deal.key());
                    assertThat(event.resultsId).isEqualTo(RESULTS_ID);
                    assertThat(event.dataId).isEqualTo(DATA_ID);
                    assertThat(event.instructionCount).isEqualTo(BigInteger.ONE);
                });
        var result = jc.storage().getResult(deal.key()).send();
        assertThat(result.dataId).isEqualTo(DATA_ID);
        assertThat(result.instructionCount).isEqualTo(BigInteger.ONE);
        assertThat(agreementOf(deal).resultsSubmittedAt).isPositive();
        assertThat(stateOf(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        // P + Tj + R = 30 + 10 + 40: the RP's timeout collateral went back.
        assertThat(chain.escrowOf(deal.key())).isEqualTo(tokens(80));
    }

    @Test
    void shouldPayResourceProviderAndRefundJobCreatorWhenJobCreatorAcceptsResults() throws Exception {
        agreeBoth(deal);
        addResult(deal, 1);
        BigInteger rpBefore = rp.tokens();
        BigInteger jcBefore = jc.tokens();

        TransactionReceipt receipt = acceptResult(deal, 1);

        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_ACCEPTED);
        assertThat(rp.tokens().subtract(rpBefore)).isEqualTo(tokens(10 + 40));
        assertThat(jc.tokens().subtract(jcBefore)).isEqualTo(tokens(20 + 10));
        assertThat(stateOf(deal)).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertSettled(deal);
    }

    @Test
    void shouldPayOnlyTheJobCostWhenRunningTheHappyPath() throws Exception {
        Holdings before = Holdings.read(chain, deal);

        agree(jc, deal);
        agree(rp, deal);
        addResult(deal, 1);
        acceptResult(deal, 1);

        Holdings after = Holdings.read(chain, deal);
        assertThat(after)
                .isEqualTo(before.after(
                        path(deal, 1, AGREE_BY_JOB_CREATOR, AGREE_BY_RESOURCE_PROVIDER, ADD_RESULT, ACCEPT_RESULT)));
        assertThat(after.resourceProvider().subtract(before.resourceProvider())).isEqualTo(tokens(10));
        assertThat(before.jobCreator().subtract(after.jobCreator())).isEqualTo(tokens(10));
        assertThat(stateOf(deal)).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertSettled(deal);
    }

    @Test
    void shouldCapPaymentAtPaymentCollateralWhenJobCostExceedsIt() throws Exception {
        long instructions = 5; // C = 50 > P = 30, R = 200
        Holdings before = Holdings.read(chain, deal);

        agreeBoth(deal);
        addResult(deal, instructions);
        TransactionReceipt receipt = acceptResult(deal, instructions);

        assertThat(MoneyTable.paymentsIn(receipt))
                .extracting(MoneyTable.Payment::reason)
                .containsExactly(
                        PaymentReason.JOB_PAYMENT, PaymentReason.RESULTS_COLLATERAL, PaymentReason.TIMEOUT_COLLATERAL);
        Holdings after = Holdings.read(chain, deal);
        assertThat(after.resourceProvider().subtract(before.resourceProvider())).isEqualTo(tokens(30));
        assertThat(before.jobCreator().subtract(after.jobCreator())).isEqualTo(tokens(30));
        assertSettled(deal);
    }

    @Test
    void shouldSettleWithoutPaymentWhenResultsHaveNoInstructions() throws Exception {
        Holdings before = Holdings.read(chain, deal);
        agreeBoth(deal);

        TransactionReceipt posted = addResult(deal, 0);
        assertThat(MoneyTable.paymentsIn(posted))
                .containsExactly(new MoneyTable.Payment(
                        rp.address(), tokens(10), PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED));
        assertThat(chain.escrowOf(deal.key())).isEqualTo(tokens(40));
        TransactionReceipt accepted = acceptResult(deal, 0);

        assertThat(MoneyTable.paymentsIn(accepted))
                .extracting(MoneyTable.Payment::reason)
                .containsExactly(PaymentReason.PAYMENT_COLLATERAL, PaymentReason.TIMEOUT_COLLATERAL);
        assertThat(Holdings.read(chain, deal)).isEqualTo(before);
        assertThat(stateOf(deal)).isEqualTo(AgreementState.RESULTS_ACCEPTED);
    }

    // ------------------------------------------------------------------ mediation

    @Test
    void shouldPayResourceProviderAndMediatorWhenChosenMediatorAcceptsResults() throws Exception {
        TestDeal disputed = withThreeMediators(deal);
        Holdings before = Holdings.read(chain, disputed);
        agreeBoth(disputed);
        addResult(disputed, 1);

        Party chosen = checkResult(disputed, 1);
        assertThat(chain.escrowOf(disputed.key())).isEqualTo(tokens(30 + 40 + 5));
        assertOnlyChosenMediatorMayJudge(disputed, chosen);
        BigInteger chosenBefore = chosen.tokens();
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(disputed, 1, MEDIATION_ACCEPT_RESULT, chosen.address()),
                chosen.controller().mediationAcceptResult(disputed.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.MEDIATION_ACCEPTED);
        Holdings after = Holdings.read(chain, disputed);
        assertThat(after.resourceProvider().subtract(before.resourceProvider())).isEqualTo(tokens(10));
        assertThat(before.jobCreator().subtract(after.jobCreator())).isEqualTo(tokens(15));
        assertThat(chosen.tokens().subtract(chosenBefore)).isEqualTo(tokens(5));
        assertThat(stateOf(disputed)).isEqualTo(AgreementState.MEDIATION_ACCEPTED);
        assertSettled(disputed);
    }

    @Test
    void shouldSlashResultsCollateralToTreasuryWhenChosenMediatorRejectsResults() throws Exception {
        TestDeal disputed = withThreeMediators(deal);
        Holdings before = Holdings.read(chain, disputed);
        agreeBoth(disputed);
        addResult(disputed, 1);

        Party chosen = checkResult(disputed, 1);
        assertOnlyChosenMediatorMayJudge(disputed, chosen);
        BigInteger chosenBefore = chosen.tokens();
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(disputed, 1, MEDIATION_REJECT_RESULT, chosen.address()),
                chosen.controller().mediationRejectResult(disputed.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.MEDIATION_REJECTED);
        Holdings after = Holdings.read(chain, disputed);
        assertThat(before.resourceProvider().subtract(after.resourceProvider())).isEqualTo(tokens(40));
        assertThat(before.jobCreator().subtract(after.jobCreator())).isEqualTo(tokens(5));
        assertThat(chosen.tokens().subtract(chosenBefore)).isEqualTo(tokens(5));
        assertThat(after.treasury().subtract(before.treasury())).isEqualTo(tokens(40));
        assertThat(stateOf(disputed)).isEqualTo(AgreementState.MEDIATION_REJECTED);
        assertSettled(disputed);
    }

    @Test
    void shouldRevertNotDealMediatorWhenNoMediationWasRequested() throws Exception {
        agreeBoth(deal);
        addResult(deal, 1);

        assertRejected(
                mediator,
                mediator.controller().mediationAcceptResult(deal.toContract()),
                error("NotDealMediator", hex(deal), address(mediator)));
    }

    @Test
    void shouldRevertWrongStateWhenMediatorJudgesTwice() throws Exception {
        agreeBoth(deal);
        addResult(deal, 1);
        Party chosen = checkResult(deal, 1);
        chosen.controller().mediationAcceptResult(deal.toContract()).send();

        assertRejected(
                chosen,
                chosen.controller().mediationRejectResult(deal.toContract()),
                wrongState(deal, AgreementState.MEDIATION_ACCEPTED, AgreementState.RESULTS_CHECKED));
    }

    // ------------------------------------------------------------------ terms, parties and states

    @Test
    void shouldRevertDealTermsMismatchWhenLaterStepsCarryAlteredTerms() throws Exception {
        List<TestDeal> altered = List.of(
                deal.withPricing(tokens(11), tokens(30), BigInteger.valueOf(4), tokens(5)),
                deal.withPricing(tokens(10), tokens(31), BigInteger.valueOf(4), tokens(5)),
                deal.withPricing(tokens(10), tokens(30), BigInteger.valueOf(3), tokens(5)),
                deal.withPricing(tokens(10), tokens(30), BigInteger.valueOf(4), tokens(4)),
                deal.withTimeouts(100, 1, 100, 100),
                deal.withCollaterals(BigInteger.ZERO, tokens(1), tokens(10), BigInteger.ZERO),
                deal.withMembers(
                        deal.solver(), deal.jobCreator(), deal.resourceProvider(), List.of(outsider.address())));
        DecodedError mismatch = error("DealTermsMismatch", hex(deal));
        agreeBoth(deal);

        for (TestDeal terms : altered) {
            assertRejected(
                    rp, rp.controller().addResult(terms.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE), mismatch);
            assertRejected(jc, jc.controller().timeoutSubmitResults(terms.toContract()), mismatch);
        }
        addResult(deal, 1);
        for (TestDeal terms : altered) {
            assertRejected(jc, jc.controller().acceptResult(terms.toContract()), mismatch);
            assertRejected(jc, jc.controller().checkResult(terms.toContract()), mismatch);
        }
        Party chosen = checkResult(deal, 1);
        for (TestDeal terms : altered) {
            assertRejected(chosen, chosen.controller().mediationAcceptResult(terms.toContract()), mismatch);
            assertRejected(chosen, chosen.controller().mediationRejectResult(terms.toContract()), mismatch);
        }
        assertThat(stateOf(deal)).isEqualTo(AgreementState.RESULTS_CHECKED);
    }

    @Test
    void shouldRevertDealNotFoundWhenStepTargetsUnknownDeal() throws Exception {
        assertRejected(
                rp,
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE),
                error("DealNotFound", hex(deal)));
        assertRejected(jc, jc.controller().acceptResult(deal.toContract()), error("DealNotFound", hex(deal)));
    }

    @Test
    void shouldRevertNotResourceProviderWhenAnotherAccountPostsResults() throws Exception {
        agreeBoth(deal);

        for (Party caller : List.of(jc, mediator, outsider)) {
            assertRejected(
                    caller,
                    caller.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE),
                    error("NotResourceProvider", hex(deal), address(caller)));
        }
    }

    @Test
    void shouldRevertNotJobCreatorWhenAnotherAccountJudgesResults() throws Exception {
        agreeBoth(deal);
        addResult(deal, 1);

        for (Party caller : List.of(rp, mediator, outsider)) {
            DecodedError notJobCreator = error("NotJobCreator", hex(deal), address(caller));
            assertRejected(caller, caller.controller().acceptResult(deal.toContract()), notJobCreator);
            assertRejected(caller, caller.controller().checkResult(deal.toContract()), notJobCreator);
        }
    }

    @Test
    void shouldRevertWrongStateWhenStepsComeOutOfOrder() throws Exception {
        agree(jc, deal);
        assertRejected(
                rp,
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE),
                wrongState(deal, AgreementState.DEAL_NEGOTIATING, AgreementState.DEAL_AGREED));

        agree(rp, deal);
        for (var call : List.of(
                jc.controller().acceptResult(deal.toContract()), jc.controller().checkResult(deal.toContract()))) {
            assertRejected(jc, call, wrongState(deal, AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED));
        }

        addResult(deal, 1);
        assertRejected(
                rp,
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE),
                wrongState(deal, AgreementState.RESULTS_SUBMITTED, AgreementState.DEAL_AGREED));

        acceptResult(deal, 1);
        assertRejected(
                jc,
                jc.controller().acceptResult(deal.toContract()),
                wrongState(deal, AgreementState.RESULTS_ACCEPTED, AgreementState.RESULTS_SUBMITTED));
        assertRejected(
                jc,
                jc.controller().checkResult(deal.toContract()),
                wrongState(deal, AgreementState.RESULTS_ACCEPTED, AgreementState.RESULTS_SUBMITTED));
    }

    // ------------------------------------------------------------------ steps

    /** The party agrees; the deal becomes agreed if the other party had agreed before. */
    private TransactionReceipt agree(Party party, TestDeal deal) throws Exception {
        boolean byResourceProvider = party.address().equalsIgnoreCase(deal.resourceProvider());
        var before = agreementOf(deal);
        boolean otherHadAgreed = byResourceProvider ? before.jobCreatorAgreed : before.resourceProviderAgreed;
        Step step = byResourceProvider ? AGREE_BY_RESOURCE_PROVIDER : AGREE_BY_JOB_CREATOR;
        TransactionReceipt receipt = assertMoves(
                chain, MoneyTable.of(deal, 0, step), party.controller().agree(deal.toContract()));
        assertThat(statesIn(receipt)).isEqualTo(otherHadAgreed ? List.of(AgreementState.DEAL_AGREED) : List.of());
        return receipt;
    }

    private void agreeBoth(TestDeal deal) throws Exception {
        agree(jc, deal);
        agree(rp, deal);
    }

    private TransactionReceipt addResult(TestDeal deal, long instructions) throws Exception {
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, ADD_RESULT),
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.valueOf(instructions)));
        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_SUBMITTED);
        return receipt;
    }

    private TransactionReceipt acceptResult(TestDeal deal, long instructions) throws Exception {
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, ACCEPT_RESULT),
                jc.controller().acceptResult(deal.toContract()));
        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_ACCEPTED);
        return receipt;
    }

    /** The JC disputes the results; returns the mediator the MediationRequested event names. */
    private Party checkResult(TestDeal deal, long instructions) throws Exception {
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, CHECK_RESULT),
                jc.controller().checkResult(deal.toContract()));
        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_CHECKED);
        var requested = CoopHiveMediationRandom.getMediationRequestedEvents(receipt);
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).dealKey).isEqualTo(deal.key());
        assertThat(requested.get(0).dealId).isEqualTo(deal.id());
        String chosen = checksum(requested.get(0).mediator);
        assertThat(deal.mediators().stream().map(MoneyTable::checksum)).contains(chosen);
        assertThat(checksum(jc.mediation().getMediator(deal.key()).send())).isEqualTo(chosen);
        return partyAt(chosen);
    }

    /** The movement of a whole path of steps. */
    private static Movement path(TestDeal deal, long instructions, Step... steps) {
        Movement total = MoneyTable.of(deal, instructions, steps[0]);
        for (int i = 1; i < steps.length; i++) total = total.plus(MoneyTable.of(deal, instructions, steps[i]));
        return total;
    }

    private TestDeal withThreeMediators(TestDeal deal) {
        return deal.withId("mediated")
                .withMembers(
                        deal.solver(),
                        deal.jobCreator(),
                        deal.resourceProvider(),
                        List.of(
                                mediator.address(),
                                chain.faucet().address(),
                                chain.directory().address()));
    }

    private void assertOnlyChosenMediatorMayJudge(TestDeal disputed, Party chosen) throws Exception {
        List<Party> others =
                new ArrayList<>(List.of(mediator, chain.faucet(), chain.directory(), rp, jc, solver, outsider));
        others.removeIf(p -> p.address().equalsIgnoreCase(chosen.address()));
        assertThat(others).hasSize(6);
        for (Party caller : others) {
            DecodedError notMediator = error("NotDealMediator", hex(disputed), address(caller));
            assertRevertsAndMovesNothing(
                    chain,
                    caller,
                    caller.controller().mediationAcceptResult(disputed.toContract()),
                    disputed,
                    notMediator);
            assertRevertsAndMovesNothing(
                    chain,
                    caller,
                    caller.controller().mediationRejectResult(disputed.toContract()),
                    disputed,
                    notMediator);
        }
    }

    private Party partyAt(String address) {
        Map<String, Party> known = Map.of(
                checksum(mediator.address()), mediator,
                checksum(chain.faucet().address()), chain.faucet(),
                checksum(chain.directory().address()), chain.directory());
        Party party = known.get(checksum(address));
        assertThat(party).as("mediator %s", address).isNotNull();
        return party;
    }

    // ------------------------------------------------------------------ assertions

    private static void assertSettled(TestDeal deal) throws Exception {
        assertThat(chain.escrowOf(deal.key())).isZero();
        assertThat(chain.escrowBalance()).isZero();
    }

    /** The call, made by {@code caller} on {@code deal}, reverts with {@code expected} and moves nothing. */
    private void assertRejected(Party caller, RemoteFunctionCall<TransactionReceipt> call, DecodedError expected)
            throws Exception {
        assertRevertsAndMovesNothing(chain, caller, call, deal, expected);
    }

    private static List<AgreementState> statesIn(TransactionReceipt receipt) {
        return CoopHiveStorage.getDealStateChangeEvents(receipt).stream()
                .map(e -> AgreementState.ofCode(e.state.intValueExact()))
                .toList();
    }

    private static CoopHiveStorage.Agreement agreementOf(TestDeal deal) throws Exception {
        return chain.admin().storage().getAgreement(deal.key()).send();
    }

    private static AgreementState stateOf(TestDeal deal) throws Exception {
        return AgreementState.ofCode(agreementOf(deal).state.intValueExact());
    }

    private static DecodedError error(String name, String... arguments) {
        return new DecodedError(name, List.of(arguments));
    }

    private static DecodedError wrongState(TestDeal deal, AgreementState current, AgreementState required) {
        return error("WrongState", hex(deal), String.valueOf(current.code()), String.valueOf(required.code()));
    }

    private static String hex(TestDeal deal) {
        return Numeric.toHexString(deal.id());
    }

    private static String address(Party party) {
        return checksum(party.address());
    }
}
