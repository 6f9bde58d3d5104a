package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.contracts.testing.ChainFixture.tokens;
import static org.coophive.contracts.testing.MoneyTable.Step.ADD_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_JOB_CREATOR;
import static org.coophive.contracts.testing.MoneyTable.Step.AGREE_BY_RESOURCE_PROVIDER;
import static org.coophive.contracts.testing.MoneyTable.Step.CHECK_RESULT;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_AGREE_JOB_CREATOR_AGREED;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_JUDGE_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_MEDIATE_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.Step.TIMEOUT_SUBMIT_RESULTS;
import static org.coophive.contracts.testing.MoneyTable.assertMoves;
import static org.coophive.contracts.testing.MoneyTable.assertRevertsAndMovesNothing;
import static org.coophive.contracts.testing.MoneyTable.checksum;

import java.math.BigInteger;
import java.util.List;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.MoneyTable;
import org.coophive.contracts.testing.MoneyTable.Holdings;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The four controller timeouts: who may claim them, from when, and what they move. The deal's
 * two timeout collaterals differ (Ts = 10, Tj = 7), so a refund of the wrong one shows.
 */
class ControllerTimeoutsIT {

    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final byte[] RESULTS_ID = TestDeal.id("11");
    private static final byte[] DATA_ID = TestDeal.id("12");
    private static final long AGREE_TIMEOUT = 100;
    private static final long SUBMIT_TIMEOUT = 120;
    private static final long JUDGE_TIMEOUT = 50;
    private static final long MEDIATE_TIMEOUT = 300;

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    static Party jc;
    static Party rp;
    static Party mediator;
    static Party outsider;

    TestDeal deal;

    @BeforeAll
    static void startChain() throws Exception {
        jc = chain.jobCreator();
        rp = chain.resourceProvider();
        mediator = chain.mediator();
        outsider = chain.extra(8);
        for (Party party : List.of(jc, rp)) {
            party.token().approve(chain.addresses().payments(), UNLIMITED).send();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        deal = TestDeal.between("timeouts", chain.solver(), jc, rp, mediator)
                .withTimeouts(AGREE_TIMEOUT, SUBMIT_TIMEOUT, JUDGE_TIMEOUT, MEDIATE_TIMEOUT)
                .withCollaterals(BigInteger.ZERO, tokens(10), tokens(7), BigInteger.ZERO);
    }

    // ------------------------------------------------------------------ timeoutAgree

    @ParameterizedTest(name = "agreed: {0}, claimed by: {1}")
    @CsvSource({"rp, rp", "rp, jc", "jc, jc", "jc, rp"})
    void shouldRefundThePartyThatAgreedWhenEitherPartyClaimsTheAgreeTimeout(String agreedBy, String claimedBy)
            throws Exception {
        Party agreed = party(agreedBy);
        Party claimant = party(claimedBy);
        agree(agreed);
        long deadline = agreementOf(deal).dealCreatedAt.longValueExact() + AGREE_TIMEOUT;

        for (Party caller : List.of(rp, jc)) {
            assertRejected(caller, caller.controller().timeoutAgree(deal.toContract()), notTimedOut(deadline));
        }
        chain.increaseTime(AGREE_TIMEOUT + 1);
        for (Party caller : List.of(outsider, mediator)) {
            assertRejected(
                    caller,
                    caller.controller().timeoutAgree(deal.toContract()),
                    error("NotDealParty", hex(), address(caller)));
        }
        MoneyTable.Step refund =
                agreed == rp ? TIMEOUT_AGREE_RESOURCE_PROVIDER_AGREED : TIMEOUT_AGREE_JOB_CREATOR_AGREED;
        TransactionReceipt receipt = assertMoves(
                chain, MoneyTable.of(deal, 0, refund), claimant.controller().timeoutAgree(deal.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.TIMEOUT_AGREE);
        assertTimedOut(AgreementState.TIMEOUT_AGREE);
        Party late = agreed == rp ? jc : rp;
        assertRejected(
                late,
                late.controller().agree(deal.toContract()),
                wrongState(AgreementState.TIMEOUT_AGREE, AgreementState.DEAL_NEGOTIATING));
    }

    @Test
    void shouldRefundJobCreatorTheJudgeCollateralItPaidWhenAgreeTimesOut() throws Exception {
        Holdings before = Holdings.read(chain, deal);
        agree(jc);
        chain.increaseTime(AGREE_TIMEOUT + 1);

        rp.controller().timeoutAgree(deal.toContract()).send();

        // Reference bug 6.14-2: the JC was refunded Ts (10) although it had paid Tj (7).
        assertThat(Holdings.read(chain, deal)).isEqualTo(before);
    }

    @Test
    void shouldRevertWrongStateWhenAgreeTimeoutIsClaimedOnAnAgreedDeal() throws Exception {
        agreeBoth();
        chain.increaseTime(AGREE_TIMEOUT + 1);

        assertRejected(
                jc,
                jc.controller().timeoutAgree(deal.toContract()),
                wrongState(AgreementState.DEAL_AGREED, AgreementState.DEAL_NEGOTIATING));
    }

    // ------------------------------------------------------------------ timeoutSubmitResults

    @Test
    void shouldRefundJobCreatorAndSlashResourceProviderWhenResultsNeverCome() throws Exception {
        Holdings start = Holdings.read(chain, deal);
        agreeBoth();
        long deadline = agreementOf(deal).dealAgreedAt.longValueExact() + SUBMIT_TIMEOUT;

        assertRejected(jc, jc.controller().timeoutSubmitResults(deal.toContract()), notTimedOut(deadline));
        chain.increaseTime(SUBMIT_TIMEOUT + 1);
        for (Party caller : List.of(rp, outsider)) {
            assertRejected(
                    caller,
                    caller.controller().timeoutSubmitResults(deal.toContract()),
                    error("NotJobCreator", hex(), address(caller)));
        }
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, 0, TIMEOUT_SUBMIT_RESULTS),
                jc.controller().timeoutSubmitResults(deal.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.TIMEOUT_SUBMIT_RESULTS);
        assertTimedOut(AgreementState.TIMEOUT_SUBMIT_RESULTS);
        Holdings end = Holdings.read(chain, deal);
        // Bugs 6.14-2/3: the JC gets back exactly P + Tj, the RP loses exactly Ts to the treasury.
        assertThat(end.jobCreator()).isEqualTo(start.jobCreator());
        assertThat(start.resourceProvider().subtract(end.resourceProvider())).isEqualTo(tokens(10));
        assertThat(end.treasury().subtract(start.treasury())).isEqualTo(tokens(10));
        assertRejected(
                rp,
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.ONE),
                wrongState(AgreementState.TIMEOUT_SUBMIT_RESULTS, AgreementState.DEAL_AGREED));
    }

    @Test
    void shouldRevertNotTimedOutAtTheDeadlineAndRefundOneSecondLater() throws Exception {
        agreeBoth();
        long deadline = agreementOf(deal).dealAgreedAt.longValueExact() + SUBMIT_TIMEOUT;

        setNextBlockTimestamp(deadline);
        assertRejected(jc, jc.controller().timeoutSubmitResults(deal.toContract()), notTimedOut(deadline));
        assertThat(latestBlockTimestamp()).isEqualTo(deadline);

        setNextBlockTimestamp(deadline + 1);
        assertMoves(
                chain,
                MoneyTable.of(deal, 0, TIMEOUT_SUBMIT_RESULTS),
                jc.controller().timeoutSubmitResults(deal.toContract()));
        assertThat(latestBlockTimestamp()).isEqualTo(deadline + 1);
    }

    @Test
    void shouldRevertWrongStateWhenSubmitTimeoutIsClaimedOutsideDealAgreed() throws Exception {
        agree(jc);
        chain.increaseTime(SUBMIT_TIMEOUT + 1);
        assertRejected(
                jc,
                jc.controller().timeoutSubmitResults(deal.toContract()),
                wrongState(AgreementState.DEAL_NEGOTIATING, AgreementState.DEAL_AGREED));

        agree(rp);
        addResult(1);
        chain.increaseTime(SUBMIT_TIMEOUT + 1);
        assertRejected(
                jc,
                jc.controller().timeoutSubmitResults(deal.toContract()),
                wrongState(AgreementState.RESULTS_SUBMITTED, AgreementState.DEAL_AGREED));
    }

    // ------------------------------------------------------------------ timeoutJudgeResults

    @ParameterizedTest(name = "{0} instructions")
    @ValueSource(longs = {0, 1, 5})
    void shouldPayResourceProviderAndSlashJobCreatorWhenResultsAreNeverJudged(long instructions) throws Exception {
        Holdings start = Holdings.read(chain, deal);
        agreeBoth();
        addResult(instructions);
        long deadline = agreementOf(deal).resultsSubmittedAt.longValueExact() + JUDGE_TIMEOUT;

        assertRejected(rp, rp.controller().timeoutJudgeResults(deal.toContract()), notTimedOut(deadline));
        chain.increaseTime(JUDGE_TIMEOUT + 1);
        for (Party caller : List.of(jc, outsider)) {
            assertRejected(
                    caller,
                    caller.controller().timeoutJudgeResults(deal.toContract()),
                    error("NotResourceProvider", hex(), address(caller)));
        }
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, TIMEOUT_JUDGE_RESULTS),
                rp.controller().timeoutJudgeResults(deal.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.TIMEOUT_JUDGE_RESULTS);
        assertTimedOut(AgreementState.TIMEOUT_JUDGE_RESULTS);
        // Bug 6.14-5: the RP is paid as on accept and the JC's unspent payment collateral comes back.
        BigInteger pay = deal.jobCost(instructions).min(deal.paymentCollateral());
        Holdings end = Holdings.read(chain, deal);
        assertThat(end.resourceProvider().subtract(start.resourceProvider())).isEqualTo(pay);
        assertThat(start.jobCreator().subtract(end.jobCreator())).isEqualTo(pay.add(tokens(7)));
        assertThat(end.treasury().subtract(start.treasury())).isEqualTo(tokens(7));
        assertRejected(
                jc,
                jc.controller().acceptResult(deal.toContract()),
                wrongState(AgreementState.TIMEOUT_JUDGE_RESULTS, AgreementState.RESULTS_SUBMITTED));
    }

    @Test
    void shouldRevertWrongStateWhenJudgeTimeoutIsClaimedOutsideResultsSubmitted() throws Exception {
        agreeBoth();
        chain.increaseTime(JUDGE_TIMEOUT + 1);
        assertRejected(
                rp,
                rp.controller().timeoutJudgeResults(deal.toContract()),
                wrongState(AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED));

        addResult(1);
        checkResult(1);
        chain.increaseTime(JUDGE_TIMEOUT + 1);
        assertRejected(
                rp,
                rp.controller().timeoutJudgeResults(deal.toContract()),
                wrongState(AgreementState.RESULTS_CHECKED, AgreementState.RESULTS_SUBMITTED));
    }

    // ------------------------------------------------------------------ timeoutMediateResults

    @ParameterizedTest(name = "claimed by: {0}")
    @ValueSource(strings = {"rp", "jc"})
    void shouldRefundEveryoneWhenMediatorNeverJudges(String claimedBy) throws Exception {
        Party claimant = party(claimedBy);
        Holdings start = Holdings.read(chain, deal);
        agreeBoth();
        addResult(1);
        long submittedAt = agreementOf(deal).resultsSubmittedAt.longValueExact();
        chain.increaseTime(JUDGE_TIMEOUT - 10);
        Party chosen = checkResult(1);
        long deadline = agreementOf(deal).resultsCheckedAt.longValueExact() + MEDIATE_TIMEOUT;

        // Bug 6.14-4: past submittedAt + judge timeout the reference let the parties claim already.
        chain.increaseTime(20);
        assertThat(pendingBlockTimestamp()).isGreaterThan(submittedAt + JUDGE_TIMEOUT);
        for (Party caller : List.of(rp, jc)) {
            assertRejected(caller, caller.controller().timeoutMediateResults(deal.toContract()), notTimedOut(deadline));
        }
        chain.increaseTime(MEDIATE_TIMEOUT + 1);
        for (Party caller : List.of(outsider, chosen)) {
            assertRejected(
                    caller,
                    caller.controller().timeoutMediateResults(deal.toContract()),
                    error("NotDealParty", hex(), address(caller)));
        }
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, 1, TIMEOUT_MEDIATE_RESULTS),
                claimant.controller().timeoutMediateResults(deal.toContract()));

        assertThat(statesIn(receipt)).containsExactly(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertTimedOut(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        Holdings end = Holdings.read(chain, deal);
        // Nobody is paid and nothing is slashed: every party ends where it started.
        assertThat(end.resourceProvider()).isEqualTo(start.resourceProvider());
        assertThat(end.jobCreator()).isEqualTo(start.jobCreator());
        assertThat(end.treasury()).isEqualTo(start.treasury());
        assertRejected(
                chosen,
                chosen.controller().mediationAcceptResult(deal.toContract()),
                wrongState(AgreementState.TIMEOUT_MEDIATE_RESULTS, AgreementState.RESULTS_CHECKED));
    }

    @Test
    void shouldRevertWrongStateWhenMediateTimeoutIsClaimedOutsideResultsChecked() throws Exception {
        agreeBoth();
        addResult(1);
        chain.increaseTime(MEDIATE_TIMEOUT + 1);

        for (Party caller : List.of(rp, jc)) {
            assertRejected(
                    caller,
                    caller.controller().timeoutMediateResults(deal.toContract()),
                    wrongState(AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_CHECKED));
        }
    }

    // ------------------------------------------------------------------ steps

    /** The party agrees; the deal becomes agreed if the other party had agreed before. */
    private void agree(Party party) throws Exception {
        var before = agreementOf(deal);
        boolean otherHadAgreed = party == rp ? before.jobCreatorAgreed : before.resourceProviderAgreed;
        MoneyTable.Step step = party == rp ? AGREE_BY_RESOURCE_PROVIDER : AGREE_BY_JOB_CREATOR;
        TransactionReceipt receipt = assertMoves(
                chain, MoneyTable.of(deal, 0, step), party.controller().agree(deal.toContract()));
        assertThat(statesIn(receipt)).isEqualTo(otherHadAgreed ? List.of(AgreementState.DEAL_AGREED) : List.of());
    }

    private void agreeBoth() throws Exception {
        agree(jc);
        agree(rp);
    }

    private void addResult(long instructions) throws Exception {
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, ADD_RESULT),
                rp.controller().addResult(deal.toContract(), RESULTS_ID, DATA_ID, BigInteger.valueOf(instructions)));
        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_SUBMITTED);
    }

    /** The JC disputes the results; returns the chosen mediator. */
    private Party checkResult(long instructions) throws Exception {
        TransactionReceipt receipt = assertMoves(
                chain,
                MoneyTable.of(deal, instructions, CHECK_RESULT),
                jc.controller().checkResult(deal.toContract()));
        assertThat(statesIn(receipt)).containsExactly(AgreementState.RESULTS_CHECKED);
        assertThat(CoopHiveMediationRandom.getMediationRequestedEvents(receipt))
                .singleElement()
                .satisfies(event -> assertThat(checksum(event.mediator)).isEqualTo(address(mediator)));
        return mediator;
    }

    private Party party(String name) {
        return switch (name) {
            case "rp" -> rp;
            case "jc" -> jc;
            default -> throw new IllegalArgumentException(name);
        };
    }

    // ------------------------------------------------------------------ chain and assertions

    private void assertTimedOut(AgreementState state) throws Exception {
        assertThat(AgreementState.ofCode(agreementOf(deal).state.intValueExact()))
                .isEqualTo(state);
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

    private static long latestBlockTimestamp() throws Exception {
        return blockTimestamp(DefaultBlockParameterName.LATEST);
    }

    private static long pendingBlockTimestamp() throws Exception {
        return blockTimestamp(DefaultBlockParameterName.PENDING);
    }

    private static long blockTimestamp(DefaultBlockParameterName block) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetBlockByNumber(block, false)
                .send()
                .getBlock()
                .getTimestamp()
                .longValueExact();
    }

    /** Pins the next block's timestamp (the pending block's too, which eth_call runs against). */
    private static void setNextBlockTimestamp(long timestamp) throws Exception {
        var response = new Request<>(
                        "evm_setNextBlockTimestamp",
                        List.of(timestamp),
                        new HttpService(chain.node().rpcUrl()),
                        AnvilNode.RawResponse.class)
                .send();
        assertThat(response.hasError()).as("evm_setNextBlockTimestamp").isFalse();
    }

    private DecodedError notTimedOut(long deadline) {
        return error("NotTimedOut", hex(), Long.toString(deadline));
    }

    private DecodedError wrongState(AgreementState current, AgreementState required) {
        return error("WrongState", hex(), String.valueOf(current.code()), String.valueOf(required.code()));
    }

    private static DecodedError error(String name, String... arguments) {
        return new DecodedError(name, List.of(arguments));
    }

    private String hex() {
        return Numeric.toHexString(deal.id());
    }

    private static String address(Party party) {
        return checksum(party.address());
    }
}
