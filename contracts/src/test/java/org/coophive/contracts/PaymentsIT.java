package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.PaymentDirection.PAID_IN;
import static org.coophive.contracts.PaymentDirection.PAID_OUT;
import static org.coophive.contracts.PaymentDirection.REFUNDED;
import static org.coophive.contracts.PaymentDirection.SLASHED;
import static org.coophive.contracts.PaymentReason.JOB_PAYMENT;
import static org.coophive.contracts.PaymentReason.MEDIATION_FEE;
import static org.coophive.contracts.PaymentReason.PAYMENT_COLLATERAL;
import static org.coophive.contracts.PaymentReason.RESULTS_COLLATERAL;
import static org.coophive.contracts.PaymentReason.TIMEOUT_COLLATERAL;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveToken;
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
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * CoopHivePayments on its own: a separate deployment on the fixture's token whose controller is the
 * admin account, so the test calls each step with explicit amounts, as the controller would. The
 * amounts are the reference suite's: timeout collateral 10 (RP and JC), payment collateral 30,
 * job cost 20, results collateral 40, mediation fee 5.
 */
class PaymentsIT {

    private static final BigInteger TS = tokens(10);
    private static final BigInteger TJ = tokens(10);
    private static final BigInteger P = tokens(30);
    private static final BigInteger C = tokens(20);
    private static final BigInteger R = tokens(40);
    private static final BigInteger M = tokens(5);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();
    /** Controlled by the admin account. */
    static CoopHivePayments payments;
    /** Never given a controller. */
    static CoopHivePayments unwired;

    Party resourceProvider;
    Party jobCreator;
    Party mediator;
    Party treasury;
    byte[] dealId;
    String rp;
    String jc;

    /** A payments mutator for one deal, with every party argument set to {@code party}. */
    @FunctionalInterface
    interface PaymentsCall {
        RemoteFunctionCall<TransactionReceipt> on(CoopHivePayments payments, byte[] dealId, String party);
    }

    /** One Payment event. */
    record Payment(String dealId, String payee, BigInteger amount, PaymentReason reason, PaymentDirection direction) {}

    /** One token Transfer event. */
    record Transfer(String from, String to, BigInteger value) {}

    @BeforeAll
    static void startChain() throws Exception {
        payments = deployAsAdmin();
        payments.setControllerAddress(chain.admin().address()).send();
        unwired = deployAsAdmin();
        for (Party party : List.of(chain.resourceProvider(), chain.jobCreator())) {
            party.token().approve(payments.getContractAddress(), tokens(10_000)).send();
        }
    }

    private static CoopHivePayments deployAsAdmin() throws Exception {
        var web3j = chain.chain().web3j();
        var transactions = chain.admin().transactions();
        String address = CoopHivePayments.deploy(
                        web3j,
                        transactions,
                        chain.chain().deployGas(),
                        chain.addresses().token(),
                        chain.treasury().address())
                .send()
                .getContractAddress();
        return CoopHivePayments.load(address, web3j, transactions, chain.chain().callGas());
    }

    @BeforeEach
    void setUp() throws Exception {
        resourceProvider = chain.resourceProvider();
        jobCreator = chain.jobCreator();
        mediator = chain.mediator();
        treasury = chain.treasury();
        dealId = TestDeal.id("10");
        rp = resourceProvider.address();
        jc = jobCreator.address();
    }

    /** Every mutator. Also used by {@link AccessControlIT}. */
    static Stream<Arguments> mutators() {
        BigInteger one = BigInteger.ONE;
        return Stream.of(
                mutator("agreeResourceProvider", (p, id, party) -> p.agreeResourceProvider(id, party, one)),
                mutator("agreeJobCreator", (p, id, party) -> p.agreeJobCreator(id, party, one, one)),
                mutator("addResult", (p, id, party) -> p.addResult(id, party, one, one)),
                mutator("acceptResult", (p, id, party) -> p.acceptResult(id, party, party, one, one, one, one)),
                mutator("checkResult", (p, id, party) -> p.checkResult(id, party, one, one)),
                mutator(
                        "mediationAcceptResult",
                        (p, id, party) -> p.mediationAcceptResult(id, party, party, party, one, one, one, one)),
                mutator(
                        "mediationRejectResult",
                        (p, id, party) -> p.mediationRejectResult(id, party, party, party, one, one, one)),
                mutator(
                        "timeoutAgreeRefundResourceProvider",
                        (p, id, party) -> p.timeoutAgreeRefundResourceProvider(id, party, one)),
                mutator(
                        "timeoutAgreeRefundJobCreator",
                        (p, id, party) -> p.timeoutAgreeRefundJobCreator(id, party, one, one)),
                mutator(
                        "timeoutSubmitResults",
                        (p, id, party) -> p.timeoutSubmitResults(id, party, party, one, one, one)),
                mutator(
                        "timeoutJudgeResults",
                        (p, id, party) -> p.timeoutJudgeResults(id, party, party, one, one, one, one)),
                mutator(
                        "timeoutMediateResults",
                        (p, id, party) -> p.timeoutMediateResults(id, party, party, one, one, one)));
    }

    private static Arguments mutator(String name, PaymentsCall call) {
        return Arguments.of(name, call);
    }

    // ---------------------------------------------------------------- access control

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void shouldRevertControllerNotSetWhenPaymentsHasNoController(String name, PaymentsCall call) throws Exception {
        DecodedError error = resourceProvider.revertOf(unwired, call.on(unwired, dealId, rp));

        assertThat(error).isEqualTo(new DecodedError("ControllerNotSet", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void shouldRevertNotControllerWhenCallerIsNotTheController(String name, PaymentsCall call) throws Exception {
        DecodedError error = resourceProvider.revertOf(payments, call.on(payments, dealId, rp));

        assertThat(error).isEqualTo(new DecodedError("NotController", List.of(checksum(resourceProvider))));
    }

    // ---------------------------------------------------------------- agreement

    @Test
    void shouldLockTimeoutCollateralWhenResourceProviderAgrees() throws Exception {
        var before = holdings();

        var receipt = payments.agreeResourceProvider(dealId, rp, TS).send();

        assertThat(payments(receipt)).containsExactly(payment(resourceProvider, TS, TIMEOUT_COLLATERAL, PAID_IN));
        assertThat(transfers(receipt)).containsExactly(transfer(rp, escrow(), TS));
        assertHoldingsChanged(before, Map.of(resourceProvider, TS.negate()), TS);
        assertThat(escrowOf(dealId)).isEqualTo(TS);
    }

    @Test
    void shouldLockPaymentAndTimeoutCollateralInOneTransferWhenJobCreatorAgrees() throws Exception {
        var before = holdings();

        var receipt = payments.agreeJobCreator(dealId, jc, P, TJ).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(jobCreator, P, PAYMENT_COLLATERAL, PAID_IN),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, PAID_IN));
        assertThat(transfers(receipt)).containsExactly(transfer(jc, escrow(), P.add(TJ)));
        assertHoldingsChanged(before, Map.of(jobCreator, P.add(TJ).negate()), P.add(TJ));
        assertThat(escrowOf(dealId)).isEqualTo(P.add(TJ));
    }

    // ---------------------------------------------------------------- results

    @Test
    void shouldLockResultsCollateralAndRefundTimeoutCollateralWhenResourceProviderAddsResult() throws Exception {
        agreeBoth(dealId);
        var before = holdings();

        var receipt = payments.addResult(dealId, rp, R, TS).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, R, RESULTS_COLLATERAL, PAID_IN),
                        payment(resourceProvider, TS, TIMEOUT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt)).containsExactly(transfer(rp, escrow(), R.subtract(TS)));
        assertHoldingsChanged(before, Map.of(resourceProvider, TS.subtract(R)), R.subtract(TS));
        assertThat(escrowOf(dealId)).isEqualTo(P.add(TJ).add(R));
    }

    @Test
    void shouldPayResourceProviderAndRefundTheRestWhenJobCreatorAccepts() throws Exception {
        toResultsSubmitted(dealId);
        var before = holdings();

        var receipt = payments.acceptResult(dealId, rp, jc, C, P, R, TJ).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, C, JOB_PAYMENT, PAID_OUT),
                        payment(resourceProvider, R, RESULTS_COLLATERAL, REFUNDED),
                        payment(jobCreator, P.subtract(C), PAYMENT_COLLATERAL, REFUNDED),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt))
                .containsExactly(
                        transfer(escrow(), rp, C.add(R)),
                        transfer(escrow(), jc, P.subtract(C).add(TJ)));
        assertHoldingsChanged(
                before,
                Map.of(resourceProvider, C.add(R), jobCreator, P.subtract(C).add(TJ)),
                P.add(TJ).add(R).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldPayNoMoreThanPaymentCollateralWhenJobCostExceedsIt() throws Exception {
        toResultsSubmitted(dealId);
        BigInteger jobCost = tokens(50);
        var before = holdings();

        var receipt = payments.acceptResult(dealId, rp, jc, jobCost, P, R, TJ).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, P, JOB_PAYMENT, PAID_OUT),
                        payment(resourceProvider, R, RESULTS_COLLATERAL, REFUNDED),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt)).containsExactly(transfer(escrow(), rp, P.add(R)), transfer(escrow(), jc, TJ));
        assertHoldingsChanged(
                before,
                Map.of(resourceProvider, P.add(R), jobCreator, TJ),
                P.add(TJ).add(R).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldRefundTimeoutCollateralAndTakeMediationFeeWhenJobCreatorChecks() throws Exception {
        toResultsSubmitted(dealId);
        var before = holdings();

        var receipt = payments.checkResult(dealId, jc, TJ, M).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, REFUNDED),
                        payment(jobCreator, M, MEDIATION_FEE, PAID_IN));
        assertThat(transfers(receipt)).containsExactly(transfer(escrow(), jc, TJ.subtract(M)));
        assertHoldingsChanged(before, Map.of(jobCreator, TJ.subtract(M)), M.subtract(TJ));
        assertThat(escrowOf(dealId)).isEqualTo(P.add(R).add(M));
    }

    // ---------------------------------------------------------------- mediation

    @Test
    void shouldPayResourceProviderAndMediatorWhenMediatorAccepts() throws Exception {
        toResultsChecked(dealId);
        var before = holdings();

        var receipt = payments.mediationAcceptResult(dealId, rp, jc, mediator.address(), C, P, R, M)
                .send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, C, JOB_PAYMENT, PAID_OUT),
                        payment(resourceProvider, R, RESULTS_COLLATERAL, REFUNDED),
                        payment(mediator, M, MEDIATION_FEE, PAID_OUT),
                        payment(jobCreator, P.subtract(C), PAYMENT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt))
                .containsExactly(
                        transfer(escrow(), rp, C.add(R)),
                        transfer(escrow(), mediator.address(), M),
                        transfer(escrow(), jc, P.subtract(C)));
        assertHoldingsChanged(
                before,
                Map.of(resourceProvider, C.add(R), mediator, M, jobCreator, P.subtract(C)),
                P.add(R).add(M).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldSlashResultsCollateralToTreasuryWhenMediatorRejects() throws Exception {
        toResultsChecked(dealId);
        var before = holdings();

        var receipt = payments.mediationRejectResult(dealId, rp, jc, mediator.address(), P, R, M)
                .send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(jobCreator, P, PAYMENT_COLLATERAL, REFUNDED),
                        payment(mediator, M, MEDIATION_FEE, PAID_OUT),
                        payment(resourceProvider, R, RESULTS_COLLATERAL, SLASHED));
        assertThat(transfers(receipt))
                .containsExactly(
                        transfer(escrow(), jc, P),
                        transfer(escrow(), mediator.address(), M),
                        transfer(escrow(), treasury.address(), R));
        assertHoldingsChanged(
                before,
                Map.of(jobCreator, P, mediator, M, treasury, R),
                P.add(R).add(M).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void shouldRefundResourceProviderWhenAgreementTimesOutAfterItAgreed() throws Exception {
        payments.agreeResourceProvider(dealId, rp, TS).send();
        var before = holdings();

        var receipt =
                payments.timeoutAgreeRefundResourceProvider(dealId, rp, TS).send();

        assertThat(payments(receipt)).containsExactly(payment(resourceProvider, TS, TIMEOUT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt)).containsExactly(transfer(escrow(), rp, TS));
        assertHoldingsChanged(before, Map.of(resourceProvider, TS), TS.negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldRefundJobCreatorWhenAgreementTimesOutAfterItAgreed() throws Exception {
        payments.agreeJobCreator(dealId, jc, P, TJ).send();
        var before = holdings();

        var receipt = payments.timeoutAgreeRefundJobCreator(dealId, jc, P, TJ).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(jobCreator, P, PAYMENT_COLLATERAL, REFUNDED),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, REFUNDED));
        assertThat(transfers(receipt)).containsExactly(transfer(escrow(), jc, P.add(TJ)));
        assertHoldingsChanged(before, Map.of(jobCreator, P.add(TJ)), P.add(TJ).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldRefundJobCreatorAndSlashResourceProviderWhenResultsAreNeverSubmitted() throws Exception {
        agreeBoth(dealId);
        var before = holdings();

        var receipt = payments.timeoutSubmitResults(dealId, rp, jc, P, TJ, TS).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(jobCreator, P, PAYMENT_COLLATERAL, REFUNDED),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, REFUNDED),
                        payment(resourceProvider, TS, TIMEOUT_COLLATERAL, SLASHED));
        assertThat(transfers(receipt))
                .containsExactly(transfer(escrow(), jc, P.add(TJ)), transfer(escrow(), treasury.address(), TS));
        assertHoldingsChanged(
                before,
                Map.of(jobCreator, P.add(TJ), treasury, TS),
                P.add(TJ).add(TS).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldPayResourceProviderAndSlashJobCreatorWhenResultsAreNeverJudged() throws Exception {
        toResultsSubmitted(dealId);
        var before = holdings();

        var receipt = payments.timeoutJudgeResults(dealId, rp, jc, C, P, R, TJ).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, C, JOB_PAYMENT, PAID_OUT),
                        payment(resourceProvider, R, RESULTS_COLLATERAL, REFUNDED),
                        payment(jobCreator, P.subtract(C), PAYMENT_COLLATERAL, REFUNDED),
                        payment(jobCreator, TJ, TIMEOUT_COLLATERAL, SLASHED));
        assertThat(transfers(receipt))
                .containsExactly(
                        transfer(escrow(), rp, C.add(R)),
                        transfer(escrow(), jc, P.subtract(C)),
                        transfer(escrow(), treasury.address(), TJ));
        assertHoldingsChanged(
                before,
                Map.of(resourceProvider, C.add(R), jobCreator, P.subtract(C), treasury, TJ),
                P.add(TJ).add(R).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    @Test
    void shouldRefundEveryoneWhenMediationTimesOut() throws Exception {
        toResultsChecked(dealId);
        var before = holdings();

        var receipt = payments.timeoutMediateResults(dealId, rp, jc, P, R, M).send();

        assertThat(payments(receipt))
                .containsExactly(
                        payment(resourceProvider, R, RESULTS_COLLATERAL, REFUNDED),
                        payment(jobCreator, P, PAYMENT_COLLATERAL, REFUNDED),
                        payment(jobCreator, M, MEDIATION_FEE, REFUNDED));
        assertThat(transfers(receipt)).containsExactly(transfer(escrow(), rp, R), transfer(escrow(), jc, P.add(M)));
        assertHoldingsChanged(
                before,
                Map.of(resourceProvider, R, jobCreator, P.add(M)),
                P.add(R).add(M).negate());
        assertThat(escrowOf(dealId)).isZero();
    }

    // ---------------------------------------------------------------- escrow accounting

    @Test
    void shouldRevertEscrowShortfallWhenPayoutExceedsWhatTheDealHolds() throws Exception {
        var call = payments.acceptResult(dealId, rp, jc, C, P, R, TJ);

        assertThat(revertOf(call)).isEqualTo(shortfall(dealId, C.add(R), BigInteger.ZERO));
    }

    @Test
    void shouldRevertEscrowNotSettledWhenTerminalStepLeavesEscrowBehind() throws Exception {
        toResultsSubmitted(dealId);
        BigInteger tooLittle = TJ.subtract(tokens(4));

        var call = payments.acceptResult(dealId, rp, jc, C, P, R, tooLittle);

        assertThat(revertOf(call))
                .isEqualTo(new DecodedError(
                        "EscrowNotSettled", List.of(hex(dealId), tokens(4).toString())));
    }

    @Test
    void shouldKeepEachDealsEscrowApartWhenSamePartiesHaveTwoDeals() throws Exception {
        byte[] dealA = dealId;
        byte[] dealB = TestDeal.id("20");
        toResultsSubmitted(dealA);
        payments.agreeResourceProvider(dealB, rp, TS).send();

        assertThat(escrowOf(dealA)).isEqualTo(P.add(TJ).add(R));
        assertThat(escrowOf(dealB)).isEqualTo(TS);
        assertThat(chain.tokensOf(escrow())).isEqualTo(P.add(TJ).add(R).add(TS));

        // Deal B holds only the RP's collateral: refunding a JC there cannot dip into deal A.
        assertThat(revertOf(payments.timeoutAgreeRefundJobCreator(dealB, jc, P, TJ)))
                .isEqualTo(shortfall(dealB, P.add(TJ), TS));

        payments.timeoutAgreeRefundResourceProvider(dealB, rp, TS).send();
        assertThat(escrowOf(dealB)).isZero();
        assertThat(escrowOf(dealA)).isEqualTo(P.add(TJ).add(R));
        assertThat(chain.tokensOf(escrow())).isEqualTo(P.add(TJ).add(R));
    }

    // ---------------------------------------------------------------- treasury

    @Test
    void shouldPointAtFixtureTreasuryAndTokenWhenDeployed() throws Exception {
        assertThat(payments.getTreasuryAddress().send()).isEqualToIgnoringCase(treasury.address());
        assertThat(payments.getTokenAddress().send())
                .isEqualToIgnoringCase(chain.addresses().token());
    }

    @Test
    void shouldRevertOwnableUnauthorizedAccountWhenNonOwnerSetsTreasury() throws Exception {
        DecodedError error = jobCreator.revertOf(payments, payments.setTreasuryAddress(jc));

        assertThat(error).isEqualTo(new DecodedError("OwnableUnauthorizedAccount", List.of(checksum(jobCreator))));
    }

    @Test
    void shouldRevertZeroAddressWhenTreasuryIsZero() throws Exception {
        var call = payments.setTreasuryAddress("0x0000000000000000000000000000000000000000");

        assertThat(revertOf(call)).isEqualTo(new DecodedError("ZeroAddress", List.of("treasury")));
    }

    @Test
    void shouldSlashToNewTreasuryWhenOwnerChangesIt() throws Exception {
        Party newTreasury = chain.directory();
        var changed = payments.setTreasuryAddress(newTreasury.address()).send();
        assertThat(CoopHivePayments.getTreasuryChangedEvents(changed))
                .singleElement()
                .satisfies(e -> assertThat(e.treasury).isEqualToIgnoringCase(newTreasury.address()));
        agreeBoth(dealId);
        BigInteger before = newTreasury.tokens();

        payments.timeoutSubmitResults(dealId, rp, jc, P, TJ, TS).send();

        assertThat(newTreasury.tokens()).isEqualTo(before.add(TS));
        assertThat(treasury.tokens()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private void agreeBoth(byte[] id) throws Exception {
        payments.agreeResourceProvider(id, rp, TS).send();
        payments.agreeJobCreator(id, jc, P, TJ).send();
    }

    private void toResultsSubmitted(byte[] id) throws Exception {
        agreeBoth(id);
        payments.addResult(id, rp, R, TS).send();
    }

    private void toResultsChecked(byte[] id) throws Exception {
        toResultsSubmitted(id);
        payments.checkResult(id, jc, TJ, M).send();
    }

    /** The revert of a call sent by the controller (the admin account). */
    private static DecodedError revertOf(RemoteFunctionCall<?> call) throws Exception {
        return chain.admin().revertOf(payments, call);
    }

    private static String escrow() {
        return payments.getContractAddress();
    }

    private static BigInteger escrowOf(byte[] id) throws Exception {
        return payments.escrowOf(id).send();
    }

    /** Token balances of the deal's parties, the treasury and the escrow contract, by address. */
    private Map<String, BigInteger> holdings() throws Exception {
        Map<String, BigInteger> holdings = new LinkedHashMap<>();
        for (Party party : List.of(resourceProvider, jobCreator, mediator, treasury)) {
            holdings.put(party.name(), party.tokens());
        }
        holdings.put("escrow", chain.tokensOf(escrow()));
        return holdings;
    }

    /** Asserts what each party and the escrow gained (negative: lost); everyone else unchanged. */
    private void assertHoldingsChanged(
            Map<String, BigInteger> before, Map<Party, BigInteger> partyChanges, BigInteger escrowChange)
            throws Exception {
        Map<String, BigInteger> expected = new LinkedHashMap<>(before);
        partyChanges.forEach((party, change) -> expected.merge(party.name(), change, BigInteger::add));
        expected.merge("escrow", escrowChange, BigInteger::add);
        assertThat(holdings()).isEqualTo(expected);
    }

    private Payment payment(Party payee, BigInteger amount, PaymentReason reason, PaymentDirection direction) {
        return new Payment(hex(dealId), payee.address().toLowerCase(), amount, reason, direction);
    }

    private static List<Payment> payments(TransactionReceipt receipt) {
        return CoopHivePayments.getPaymentEvents(receipt).stream()
                .map(e -> new Payment(
                        hex(e.dealKey),
                        e.payee.toLowerCase(),
                        e.amount,
                        PaymentReason.ofCode(e.reason.intValueExact()),
                        PaymentDirection.ofCode(e.direction.intValueExact())))
                .toList();
    }

    private static Transfer transfer(String from, String to, BigInteger value) {
        return new Transfer(from.toLowerCase(), to.toLowerCase(), value);
    }

    private static List<Transfer> transfers(TransactionReceipt receipt) {
        return CoopHiveToken.getTransferEvents(receipt).stream()
                .map(e -> transfer(e.from, e.to, e.value))
                .toList();
    }

    private static DecodedError shortfall(byte[] id, BigInteger requested, BigInteger available) {
        return new DecodedError("EscrowShortfall", List.of(hex(id), requested.toString(), available.toString()));
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    private static String checksum(Party party) {
        return Keys.toChecksumAddress(party.address());
    }
}
