package org.coophive.contracts.testing;

import static java.math.BigInteger.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.PaymentDirection;
import org.coophive.contracts.PaymentReason;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveToken;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * The money table of a deal: what each controller step moves, as documented. Tests compare real
 * balances, escrow and events with it, so this class is the executable form of the table.
 *
 * <p>Symbols: Ts = submit-results timeout collateral (the RP's, locked at agree), Tj =
 * judge-results timeout collateral (the JC's, locked at agree), P = payment collateral, C =
 * instruction price x instruction count, pay = min(C, P), R = results collateral multiple x C, M
 * = mediation fee. Payment events come in the order listed per step below; zero amounts are not
 * emitted. Token transfers are netted: one Transfer per party and step at most.
 *
 * <pre>
 * step                       Payment events, in order                               treasury
 * agree by RP                RP Ts TimeoutCollateral PaidIn
 * agree by JC                JC P PaymentCollateral PaidIn, JC Tj TimeoutCollateral PaidIn
 * addResult                  RP R ResultsCollateral PaidIn, RP Ts TimeoutCollateral Refunded
 * acceptResult               RP pay JobPayment PaidOut, RP R ResultsCollateral Refunded,
 *                            JC P-pay PaymentCollateral Refunded, JC Tj TimeoutCollateral Refunded
 * checkResult                JC Tj TimeoutCollateral Refunded, JC M MediationFee PaidIn
 * mediationAcceptResult      RP pay JobPayment PaidOut, RP R ResultsCollateral Refunded,
 *                            mediator M MediationFee PaidOut, JC P-pay PaymentCollateral Refunded
 * mediationRejectResult      JC P PaymentCollateral Refunded, mediator M MediationFee PaidOut,
 *                            RP R ResultsCollateral Slashed                          +R
 * timeoutAgree (RP agreed)   RP Ts TimeoutCollateral Refunded
 * timeoutAgree (JC agreed)   JC P PaymentCollateral Refunded, JC Tj TimeoutCollateral Refunded
 * timeoutSubmitResults       JC P PaymentCollateral Refunded, JC Tj TimeoutCollateral Refunded,
 *                            RP Ts TimeoutCollateral Slashed                         +Ts
 * timeoutJudgeResults        RP pay JobPayment PaidOut, RP R ResultsCollateral Refunded,
 *                            JC P-pay PaymentCollateral Refunded, JC Tj TimeoutCollateral Slashed  +Tj
 * timeoutMediateResults      RP R ResultsCollateral Refunded, JC P PaymentCollateral Refunded,
 *                            JC M MediationFee Refunded
 * </pre>
 *
 * A PaidIn or Slashed event names the party the tokens came from; PaidOut and Refunded name the
 * party they went to. What the escrow of the deal gains is what the parties and the treasury lose.
 */
public final class MoneyTable {

    /** Where slashed collateral goes in a fixture deployment. */
    public static final String TREASURY = checksum(DevAccounts.treasury().address());

    private MoneyTable() {}

    /** A controller step, with the state it leaves the deal in. */
    public enum Step {
        /** The RP agrees; the deal stays negotiating unless the JC had agreed. */
        AGREE_BY_RESOURCE_PROVIDER(null),
        /** The JC agrees; the deal stays negotiating unless the RP had agreed. */
        AGREE_BY_JOB_CREATOR(null),
        ADD_RESULT(AgreementState.RESULTS_SUBMITTED),
        ACCEPT_RESULT(AgreementState.RESULTS_ACCEPTED),
        CHECK_RESULT(AgreementState.RESULTS_CHECKED),
        MEDIATION_ACCEPT_RESULT(AgreementState.MEDIATION_ACCEPTED),
        MEDIATION_REJECT_RESULT(AgreementState.MEDIATION_REJECTED),
        TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED(AgreementState.TIMEOUT_AGREE),
        TIMEOUT_AGREE_JOB_CREATOR_AGREED(AgreementState.TIMEOUT_AGREE),
        TIMEOUT_SUBMIT_RESULTS(AgreementState.TIMEOUT_SUBMIT_RESULTS),
        TIMEOUT_JUDGE_RESULTS(AgreementState.TIMEOUT_JUDGE_RESULTS),
        TIMEOUT_MEDIATE_RESULTS(AgreementState.TIMEOUT_MEDIATE_RESULTS);

        private final AgreementState endState;

        Step(AgreementState endState) {
            this.endState = endState;
        }

        /** The state the step moves the deal to; null for the agree steps, which depend on the other party. */
        public AgreementState endState() {
            return endState;
        }

        /** Whether the step pays a mediator, so that the table must know which one. */
        public boolean paysMediator() {
            return this == MEDIATION_ACCEPT_RESULT || this == MEDIATION_REJECT_RESULT;
        }
    }

    /** One Payment event of CoopHivePayments, addresses checksummed. */
    public record Payment(String payee, BigInteger amount, PaymentReason reason, PaymentDirection direction) {
        public Payment {
            payee = checksum(payee);
        }

        @Override
        public String toString() {
            return payee + " " + amount + " " + reason + " " + direction;
        }
    }

    /** One ERC-20 Transfer, addresses checksummed. */
    public record Transfer(String from, String to, BigInteger value) {
        public Transfer {
            from = checksum(from);
            to = checksum(to);
        }
    }

    /**
     * What one step of one deal moves: signed token changes of the RP, the JC, the mediator and the
     * treasury, and the Payment events in order. Deltas of several steps add up with {@link #plus}.
     */
    public record Movement(
            TestDeal deal,
            String mediator,
            BigInteger resourceProvider,
            BigInteger jobCreator,
            BigInteger mediatorFee,
            BigInteger treasury,
            List<Payment> payments) {

        public Movement {
            mediator = mediator == null ? null : checksum(mediator);
            payments = List.copyOf(payments);
        }

        /** What the deal's escrow gains (negative: loses): everything the others lose. */
        public BigInteger escrow() {
            return resourceProvider
                    .add(jobCreator)
                    .add(mediatorFee)
                    .add(treasury)
                    .negate();
        }

        /** This step followed by {@code next} (of the same deal). */
        public Movement plus(Movement next) {
            if (!Arrays.equals(deal.id(), next.deal.id()))
                throw new IllegalArgumentException("steps of different deals");
            List<Payment> all = new ArrayList<>(payments);
            all.addAll(next.payments);
            return new Movement(
                    deal,
                    mediator != null ? mediator : next.mediator,
                    resourceProvider.add(next.resourceProvider),
                    jobCreator.add(next.jobCreator),
                    mediatorFee.add(next.mediatorFee),
                    treasury.add(next.treasury),
                    all);
        }

        /** The non-zero token changes by address (checksummed), escrow excluded. */
        public Map<String, BigInteger> deltasByAddress() {
            Map<String, BigInteger> deltas = new LinkedHashMap<>();
            deltas.merge(checksum(deal.resourceProvider()), resourceProvider, BigInteger::add);
            deltas.merge(checksum(deal.jobCreator()), jobCreator, BigInteger::add);
            if (mediator != null) deltas.merge(mediator, mediatorFee, BigInteger::add);
            deltas.merge(TREASURY, treasury, BigInteger::add);
            deltas.values().removeIf(delta -> delta.signum() == 0);
            return deltas;
        }

        /** The netted token transfers between the escrow contract and each party, in no particular order. */
        public List<Transfer> transfers(String escrow) {
            return deltasByAddress().entrySet().stream()
                    .map(e -> e.getValue().signum() < 0
                            ? new Transfer(e.getKey(), escrow, e.getValue().negate())
                            : new Transfer(escrow, e.getKey(), e.getValue()))
                    .toList();
        }
    }

    /** The movement of a step that pays no mediator, or of a deal with a single mediator. */
    public static Movement of(TestDeal deal, long instructionCount, Step step) {
        if (step.paysMediator() && deal.mediators().size() != 1) {
            throw new IllegalArgumentException(step + " pays one of several mediators: name it");
        }
        return of(deal, instructionCount, step, deal.mediators().get(0));
    }

    /**
     * The movement of {@code step} for {@code deal}, with results of {@code instructionCount}
     * instructions (ignored before results exist) and {@code mediator} the one chosen to judge.
     */
    public static Movement of(TestDeal deal, long instructionCount, Step step, String mediator) {
        String rp = deal.resourceProvider();
        String jc = deal.jobCreator();
        BigInteger ts = deal.submitResultsCollateral();
        BigInteger tj = deal.judgeResultsCollateral();
        BigInteger p = deal.paymentCollateral();
        BigInteger pay = deal.jobCost(instructionCount).min(p);
        BigInteger r = deal.resultsCollateral(instructionCount);
        BigInteger m = deal.mediationFee();
        Builder b = new Builder(deal, mediator);
        switch (step) {
            case AGREE_BY_RESOURCE_PROVIDER -> b.rp(ts.negate())
                    .event(rp, ts, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.PAID_IN);
            case AGREE_BY_JOB_CREATOR -> b.jc(p.add(tj).negate())
                    .event(jc, p, PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.PAID_IN)
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.PAID_IN);
            case ADD_RESULT -> b.rp(ts.subtract(r))
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.PAID_IN)
                    .event(rp, ts, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED);
            case ACCEPT_RESULT -> b.rp(pay.add(r))
                    .jc(p.subtract(pay).add(tj))
                    .event(rp, pay, PaymentReason.JOB_PAYMENT, PaymentDirection.PAID_OUT)
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, p.subtract(pay), PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED);
            case CHECK_RESULT -> b.jc(tj.subtract(m))
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, m, PaymentReason.MEDIATION_FEE, PaymentDirection.PAID_IN);
            case MEDIATION_ACCEPT_RESULT -> b.rp(pay.add(r))
                    .jc(p.subtract(pay))
                    .mediator(m)
                    .event(rp, pay, PaymentReason.JOB_PAYMENT, PaymentDirection.PAID_OUT)
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(mediator, m, PaymentReason.MEDIATION_FEE, PaymentDirection.PAID_OUT)
                    .event(jc, p.subtract(pay), PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED);
            case MEDIATION_REJECT_RESULT -> b.jc(p)
                    .mediator(m)
                    .treasury(r)
                    .event(jc, p, PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(mediator, m, PaymentReason.MEDIATION_FEE, PaymentDirection.PAID_OUT)
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.SLASHED);
            case TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED -> b.rp(ts)
                    .event(rp, ts, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED);
            case TIMEOUT_AGREE_JOB_CREATOR_AGREED -> b.jc(p.add(tj))
                    .event(jc, p, PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED);
            case TIMEOUT_SUBMIT_RESULTS -> b.jc(p.add(tj))
                    .treasury(ts)
                    .event(jc, p, PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(rp, ts, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.SLASHED);
            case TIMEOUT_JUDGE_RESULTS -> b.rp(pay.add(r))
                    .jc(p.subtract(pay))
                    .treasury(tj)
                    .event(rp, pay, PaymentReason.JOB_PAYMENT, PaymentDirection.PAID_OUT)
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, p.subtract(pay), PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, tj, PaymentReason.TIMEOUT_COLLATERAL, PaymentDirection.SLASHED);
            case TIMEOUT_MEDIATE_RESULTS -> b.rp(r)
                    .jc(p.add(m))
                    .event(rp, r, PaymentReason.RESULTS_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, p, PaymentReason.PAYMENT_COLLATERAL, PaymentDirection.REFUNDED)
                    .event(jc, m, PaymentReason.MEDIATION_FEE, PaymentDirection.REFUNDED);
        }
        return b.build();
    }

    /** The Payment events of a receipt, in log order. */
    public static List<Payment> paymentsIn(TransactionReceipt receipt) {
        return CoopHivePayments.getPaymentEvents(receipt).stream()
                .map(e -> new Payment(
                        e.payee,
                        e.amount,
                        PaymentReason.ofCode(e.reason.intValueExact()),
                        PaymentDirection.ofCode(e.direction.intValueExact())))
                .toList();
    }

    /** The token Transfer events of a receipt, in log order. */
    public static List<Transfer> transfersIn(TransactionReceipt receipt) {
        return CoopHiveToken.getTransferEvents(receipt).stream()
                .map(e -> new Transfer(e.from, e.to, e.value))
                .toList();
    }

    /**
     * What the parties of one deal and the escrow hold at one moment. {@link #after} gives what
     * they must hold once a movement happened.
     */
    public record Holdings(
            BigInteger resourceProvider,
            BigInteger jobCreator,
            BigInteger mediator,
            BigInteger treasury,
            BigInteger dealEscrow,
            BigInteger totalEscrow) {

        /** Reads the balances of the deal's RP and JC, of {@code mediator}, the treasury and the escrow. */
        public static Holdings read(ChainFixture chain, TestDeal deal, String mediator) throws Exception {
            return new Holdings(
                    chain.tokensOf(deal.resourceProvider()),
                    chain.tokensOf(deal.jobCreator()),
                    chain.tokensOf(mediator),
                    chain.tokensOf(TREASURY),
                    chain.escrowOf(deal.key()),
                    chain.escrowBalance());
        }

        /** Reads the holdings with the deal's first mediator. */
        public static Holdings read(ChainFixture chain, TestDeal deal) throws Exception {
            return read(chain, deal, deal.mediators().get(0));
        }

        /** The holdings once {@code movement} (of this deal) has happened. */
        public Holdings after(Movement movement) {
            return new Holdings(
                    resourceProvider.add(movement.resourceProvider()),
                    jobCreator.add(movement.jobCreator()),
                    mediator.add(movement.mediatorFee()),
                    treasury.add(movement.treasury()),
                    dealEscrow.add(movement.escrow()),
                    totalEscrow.add(movement.escrow()));
        }
    }

    /**
     * Sends {@code call} and checks that it moved exactly {@code expected}: the Payment events in
     * order, one netted Transfer per party, the balances of the RP, JC, mediator and treasury, the
     * deal's escrow and the escrow contract's balance. Returns the receipt for further checks.
     */
    public static TransactionReceipt assertMoves(
            ChainFixture chain, Movement expected, RemoteFunctionCall<TransactionReceipt> call) throws Exception {
        TestDeal deal = expected.deal();
        String mediator = expected.mediator() != null
                ? expected.mediator()
                : deal.mediators().get(0);
        Holdings before = Holdings.read(chain, deal, mediator);
        TransactionReceipt receipt = call.send();
        assertThat(paymentsIn(receipt)).as("Payment events").containsExactlyElementsOf(expected.payments());
        assertThat(CoopHivePayments.getPaymentEvents(receipt))
                .as("Payment events name the deal's key")
                .allSatisfy(e -> assertThat(e.dealKey).isEqualTo(deal.key()));
        assertThat(transfersIn(receipt))
                .as("token transfers")
                .containsExactlyInAnyOrderElementsOf(
                        expected.transfers(chain.addresses().payments()));
        assertThat(Holdings.read(chain, deal, mediator)).as("holdings").isEqualTo(before.after(expected));
        return receipt;
    }

    /**
     * {@code call}, made by {@code caller} on its controller, reverts with {@code expected}; sent
     * anyway, the transaction fails and moves nothing: balances, escrow and the deal's agreement
     * stay as they were.
     */
    public static void assertRevertsAndMovesNothing(
            ChainFixture chain,
            Party caller,
            RemoteFunctionCall<TransactionReceipt> call,
            TestDeal deal,
            DecodedError expected)
            throws Exception {
        assertThat(caller.revertOf(caller.controller(), call)).isEqualTo(expected);
        Holdings before = Holdings.read(chain, deal);
        CoopHiveStorage.Agreement agreementBefore = agreementOf(chain, deal);
        assertThatThrownBy(call::send).isInstanceOf(TransactionException.class);
        assertThat(Holdings.read(chain, deal)).as("holdings").isEqualTo(before);
        assertThat(agreementOf(chain, deal)).usingRecursiveComparison().isEqualTo(agreementBefore);
    }

    private static CoopHiveStorage.Agreement agreementOf(ChainFixture chain, TestDeal deal) throws Exception {
        return chain.admin().storage().getAgreement(deal.key()).send();
    }

    /** Checksums an address so that addresses compare regardless of case. */
    public static String checksum(String address) {
        return Keys.toChecksumAddress(address);
    }

    private static final class Builder {
        private final TestDeal deal;
        private final String mediator;
        private BigInteger rp = ZERO;
        private BigInteger jc = ZERO;
        private BigInteger fee = ZERO;
        private BigInteger treasury = ZERO;
        private final List<Payment> payments = new ArrayList<>();

        Builder(TestDeal deal, String mediator) {
            this.deal = deal;
            this.mediator = mediator;
        }

        Builder rp(BigInteger delta) {
            rp = delta;
            return this;
        }

        Builder jc(BigInteger delta) {
            jc = delta;
            return this;
        }

        Builder mediator(BigInteger delta) {
            fee = delta;
            return this;
        }

        Builder treasury(BigInteger delta) {
            treasury = delta;
            return this;
        }

        Builder event(String payee, BigInteger amount, PaymentReason reason, PaymentDirection direction) {
            if (amount.signum() != 0) payments.add(new Payment(payee, amount, reason, direction));
            return this;
        }

        Movement build() {
            return new Movement(deal, fee.signum() == 0 ? null : mediator, rp, jc, fee, treasury, payments);
        }
    }
}
