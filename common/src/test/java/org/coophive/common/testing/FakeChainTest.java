package org.coophive.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.testing.FakeChain.Account;
import org.coophive.common.testing.FakeChain.Failure;
import org.coophive.common.testing.FakeChain.SimulatedCrash;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.ServiceType;
import org.junit.jupiter.api.Test;

class FakeChainTest {

    private static final String RP = DevAccounts.resourceProvider().address();
    private static final String JC = DevAccounts.jobCreator().address();
    private static final String SOLVER = DevAccounts.solver().address();
    private static final String MEDIATOR = DevAccounts.mediator().address();
    private static final String OTHER_MEDIATOR = DevAccounts.directory().address();
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final Bytes32 DATA = Bytes32.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    });

    private final FakeChain chain = new FakeChain();
    private final Account rp = chain.funded(RP);
    private final Account jc = chain.funded(JC);
    private final DealTerms terms = terms(1, List.of(MEDIATOR));

    /** 1 token per instruction, 2 tokens payment collateral, results collateral 2x the cost, fee 1 token. */
    private static DealTerms terms(int id, List<String> mediators) {
        byte[] dealId = new byte[32];
        dealId[31] = (byte) id;
        return DealTerms.builder()
                .dealId(Bytes32.of(dealId))
                .members(SOLVER, JC, RP, mediators)
                .agree(3600, BigInteger.ZERO)
                .submitResults(3600, TOKEN.multiply(BigInteger.valueOf(3)))
                .judgeResults(3600, TOKEN.multiply(BigInteger.valueOf(5)))
                .mediateResults(3600, BigInteger.ZERO)
                .pricing(TOKEN, TOKEN.multiply(BigInteger.TWO), BigInteger.TWO, TOKEN)
                .build();
    }

    private static BigInteger tokens(long n) {
        return TOKEN.multiply(BigInteger.valueOf(n));
    }

    // ------------------------------------------------------------------ the deal state machine and the escrow

    @Test
    void shouldLockCollateralAtAgreeAndPayTheProviderTheCappedCostWhenResultsAreAccepted() {
        rp.agree(terms);
        assertThat(chain.state(terms)).contains(AgreementState.DEAL_NEGOTIATING);
        jc.agree(terms);
        assertThat(chain.state(terms)).contains(AgreementState.DEAL_AGREED);
        assertThat(chain.escrowOf(terms)).isEqualTo(tokens(3 + 2 + 5));

        rp.addResult(terms, DATA, DATA, BigInteger.ONE);
        // the submit collateral (3) back, the results collateral (2 x 1 token) in
        assertThat(chain.escrowOf(terms)).isEqualTo(tokens(2 + 5 + 2));
        assertThat(rp.getResult(terms).orElseThrow().dataId()).isEqualTo(DATA);

        jc.acceptResult(terms);

        assertThat(chain.state(terms)).contains(AgreementState.RESULTS_ACCEPTED);
        assertThat(chain.escrowOf(terms)).isZero();
        assertThat(chain.tokensOf(RP)).isEqualTo(FakeChain.PLENTY.add(tokens(1)));
        assertThat(chain.tokensOf(JC)).isEqualTo(FakeChain.PLENTY.subtract(tokens(1)));
    }

    @Test
    void shouldRefuseAStepOutOfTurnNamingTheErrorAndChangeNothing() {
        List<String> heard = new ArrayList<>();
        rp.listener((function, dealId, hash) -> heard.add(function));
        rp.agree(terms);

        assertThatThrownBy(() -> rp.agree(terms)).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.errorName()).isEqualTo("AlreadyAgreed");
            assertThat(e.mined()).isFalse();
        });
        assertThatThrownBy(() -> rp.addResult(terms, DATA, DATA, BigInteger.ONE))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("WrongState"));
        assertThatThrownBy(() -> chain.as(MEDIATOR).agree(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotDealParty"));
        assertThatThrownBy(() -> rp.agree(terms(4, List.of(MEDIATOR)).toBuilder()
                        .mediateResults(3600, TOKEN)
                        .build()))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("MediateCollateralNotZero"));

        assertThat(heard).containsExactly("agree");
        assertThat(rp.calls()).containsExactly("agree");
        assertThat(chain.escrowOf(terms)).isEqualTo(tokens(3));
    }

    @Test
    void shouldTakeCollateralOnlyThroughAnAllowance() {
        Account poor = chain.as(DevAccounts.treasury().address());
        DealTerms theirs = terms.toBuilder()
                .members(SOLVER, JC, poor.address(), List.of(MEDIATOR))
                .build();
        chain.mint(poor.address(), tokens(10));

        assertThatThrownBy(() -> poor.agree(theirs))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("ERC20InsufficientAllowance"));
        poor.approvePayments(tokens(4));
        poor.agree(theirs);

        assertThat(poor.allowance(poor.address(), poor.addresses().payments())).isEqualTo(tokens(1));
        assertThat(chain.tokensOf(poor.address())).isEqualTo(tokens(7));
        assertThat(poor.calls()).containsExactly("approve", "agree");
    }

    @Test
    void shouldAllowATimeoutOnlyAfterItsDeadlineOnTheChainsClock() {
        rp.agree(terms);
        jc.agree(terms);
        chain.advance(3600);

        assertThatThrownBy(() -> jc.timeoutSubmitResults(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotTimedOut"));
        assertThatThrownBy(() -> rp.timeoutSubmitResults(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotJobCreator"));
        chain.advance(1);
        jc.timeoutSubmitResults(terms);

        assertThat(chain.state(terms)).contains(AgreementState.TIMEOUT_SUBMIT_RESULTS);
        assertThat(chain.tokensOf(JC)).isEqualTo(FakeChain.PLENTY);
        assertThat(chain.tokensOf(RP)).isEqualTo(FakeChain.PLENTY.subtract(tokens(3)));
        assertThat(chain.tokensOf(FakeChain.TREASURY)).isEqualTo(tokens(3));
    }

    @Test
    void shouldRefundWhoeverAgreedWhenTheAgreeTimeoutIsClaimed() {
        jc.agree(terms);
        chain.advance(3601);

        rp.timeoutAgree(terms);

        assertThat(chain.state(terms)).contains(AgreementState.TIMEOUT_AGREE);
        assertThat(chain.tokensOf(JC)).isEqualTo(FakeChain.PLENTY);
        assertThat(chain.escrowOf(terms)).isZero();
    }

    @Test
    void shouldLetOnlyThePickedMediatorJudgeAndSlashTheResultsCollateralOnRejection() {
        DealTerms two = terms(2, List.of(MEDIATOR, OTHER_MEDIATOR));
        chain.pickMediator(OTHER_MEDIATOR);
        chain.drive(two, AgreementState.RESULTS_CHECKED, DATA);

        assertThat(rp.getMediator(two)).contains(OTHER_MEDIATOR);
        assertThatThrownBy(() -> chain.as(MEDIATOR).mediationRejectResult(two))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotDealMediator"));
        chain.as(OTHER_MEDIATOR).mediationRejectResult(two);

        assertThat(chain.state(two)).contains(AgreementState.MEDIATION_REJECTED);
        assertThat(chain.tokensOf(OTHER_MEDIATOR)).isEqualTo(TOKEN);
        assertThat(chain.tokensOf(FakeChain.TREASURY)).isEqualTo(tokens(2));
        assertThat(chain.tokensOf(JC)).isEqualTo(FakeChain.PLENTY.subtract(TOKEN));
        assertThat(chain.escrowOf(two)).isZero();
    }

    @Test
    void shouldPickTheMediatorATestChose() {
        for (int id = 20; id < 26; id++) {
            String chosen = id % 2 == 0 ? MEDIATOR : OTHER_MEDIATOR;
            DealTerms deal = terms(id, List.of(MEDIATOR, OTHER_MEDIATOR));
            chain.pickMediator(chosen);

            chain.drive(deal, AgreementState.RESULTS_CHECKED, DATA);

            assertThat(rp.getMediator(deal)).as("deal %d", id).contains(chosen);
        }
    }

    @Test
    void shouldDriveADealToEachStateThroughItsParties() {
        for (AgreementState target : List.of(
                AgreementState.TIMEOUT_AGREE,
                AgreementState.TIMEOUT_SUBMIT_RESULTS,
                AgreementState.RESULTS_ACCEPTED,
                AgreementState.TIMEOUT_JUDGE_RESULTS,
                AgreementState.MEDIATION_ACCEPTED,
                AgreementState.TIMEOUT_MEDIATE_RESULTS)) {
            DealTerms deal = terms(10 + target.code(), List.of(MEDIATOR));
            chain.drive(deal, target, DATA);
            assertThat(chain.state(deal)).as(target.name()).contains(target);
            assertThat(chain.escrowOf(deal)).as(target.name()).isZero();
        }
    }

    // ------------------------------------------------------------------ failure switches

    @Test
    void shouldLeaveATransactionPendingUntilMinedWhenItIsNeverMined() {
        List<String> hashes = new ArrayList<>();
        rp.listener((function, dealId, hash) -> hashes.add(hash));
        rp.nextSend(Failure.NEVER_MINED);

        assertThatThrownBy(() -> rp.agree(terms))
                .isInstanceOfSatisfying(ChainUnavailableException.class, e -> assertThat(e.txHash())
                        .isEqualTo(hashes.stream().findFirst()));
        String hash = hashes.get(0);
        assertThat(rp.transactionStatus(hash)).isEqualTo(TxStatus.PENDING);
        assertThat(chain.state(terms)).isEmpty();

        chain.mine(hash);

        assertThat(rp.transactionStatus(hash)).isEqualTo(TxStatus.SUCCEEDED);
        assertThat(rp.getAgreement(terms).resourceProviderAgreed()).isTrue();
        assertThat(rp.count("agree")).isEqualTo(1);
    }

    @Test
    void shouldForgetATransactionThatCrashedBeforeDeliveryOrWasDropped() {
        List<String> hashes = new ArrayList<>();
        rp.listener((function, dealId, hash) -> hashes.add(hash));
        rp.nextSend(Failure.CRASH_BEFORE_DELIVERY);
        assertThatThrownBy(() -> rp.agree(terms)).isInstanceOf(SimulatedCrash.class);
        rp.nextSend(Failure.CRASH_PENDING);
        assertThatThrownBy(() -> rp.agree(terms)).isInstanceOf(SimulatedCrash.class);
        chain.drop(hashes.get(1));

        assertThat(rp.transactionStatus(hashes.get(0))).isEqualTo(TxStatus.UNKNOWN);
        assertThat(rp.transactionStatus(hashes.get(1))).isEqualTo(TxStatus.UNKNOWN);
        assertThat(chain.state(terms)).isEmpty();
        rp.agree(terms);
        assertThat(chain.state(terms)).isPresent();
    }

    @Test
    void shouldApplyATransactionMinedJustBeforeTheCrash() {
        rp.nextSend(Failure.CRASH_AFTER_MINING);

        assertThatThrownBy(() -> rp.agree(terms)).isInstanceOf(SimulatedCrash.class);

        assertThat(rp.transactionStatus(rp.sent("agree").get(0).txHash())).isEqualTo(TxStatus.SUCCEEDED);
        assertThat(rp.getAgreement(terms).resourceProviderAgreed()).isTrue();
    }

    @Test
    void shouldFailReadsAndSendsWhileTheNodeIsDownAndOnlyTheSwitchedFunction() {
        chain.down(true);
        assertThatThrownBy(rp::blockNumber).isInstanceOf(ChainUnavailableException.class);
        assertThatThrownBy(() -> rp.agree(terms)).isInstanceOf(ChainUnavailableException.class);
        chain.down(false);

        rp.failNext("addResult", Failure.UNREACHABLE);
        rp.revertNext("agree", "EnforcedPause");
        assertThatThrownBy(() -> rp.agree(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("EnforcedPause"));
        rp.agree(terms);
        jc.agree(terms);
        assertThatThrownBy(() -> rp.addResult(terms, DATA, DATA, BigInteger.ONE))
                .isInstanceOf(ChainUnavailableException.class);
        rp.addResult(terms, DATA, DATA, BigInteger.ONE);

        assertThat(rp.calls()).containsExactly("agree", "addResult");
    }

    @Test
    void shouldRevertAMinedClaimWhenTheOtherPartysClaimIsMinedFirst() {
        chain.drive(terms, AgreementState.RESULTS_CHECKED, DATA);
        chain.advance(3601);
        chain.raceNext(JC, "timeoutMediateResults", () -> rp.timeoutMediateResults(terms));

        assertThatThrownBy(() -> jc.timeoutMediateResults(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("WrongState");
                    assertThat(e.mined()).isTrue();
                    assertThat(jc.transactionStatus(e.txHash().orElseThrow())).isEqualTo(TxStatus.FAILED);
                });
        assertThat(chain.state(terms)).contains(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertThat(rp.count("timeoutMediateResults")).isEqualTo(1);
        assertThat(jc.count("timeoutMediateResults")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ events

    @Test
    void shouldStreamEventsInChainOrderAndDeliverAFailedOneAgain() {
        List<ChainEvent<DealStateChanged>> seen = new ArrayList<>();
        boolean[] failOnce = {true};
        EventStream stream = chain.events().dealStateChanges(EventCursor.GENESIS, event -> {
            if (event.event().state() == AgreementState.RESULTS_SUBMITTED && failOnce[0]) {
                failOnce[0] = false;
                throw new IllegalStateException("listener failed");
            }
            seen.add(event);
        });
        rp.agree(terms);
        jc.agree(terms);
        stream.start();
        rp.addResult(terms, DATA, DATA, BigInteger.ONE);
        assertThat(seen).extracting(e -> e.event().state()).containsExactly(AgreementState.DEAL_AGREED);

        jc.acceptResult(terms);
        stream.close();
        rp.agree(terms(3, List.of(MEDIATOR)));

        assertThat(seen)
                .extracting(e -> e.event().state())
                .containsExactly(
                        AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_ACCEPTED);
        assertThat(seen.get(1).cursor()).isGreaterThan(seen.get(0).cursor());
        assertThat(stream.position()).isEqualTo(seen.get(2).cursor());
    }

    @Test
    void shouldDeliverTheEventsOfAListenersOwnTransactionAfterItReturnsInOrder() {
        List<AgreementState> seen = new ArrayList<>();
        EventStream stream = chain.events().dealStateChanges(EventCursor.GENESIS, event -> {
            seen.add(event.event().state());
            if (event.event().state() == AgreementState.DEAL_AGREED) {
                rp.addResult(terms, DATA, DATA, BigInteger.ONE);
                assertThat(seen).hasSize(1); // not nested inside this call
            }
        });
        stream.start();

        rp.agree(terms);
        jc.agree(terms);
        stream.close();

        assertThat(seen).containsExactly(AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED);
    }

    @Test
    void shouldStreamOnlyNewEventsFromTheLatestCursor() {
        chain.drive(terms, AgreementState.RESULTS_SUBMITTED, DATA);
        List<MediationRequested> requests = new ArrayList<>();
        EventStream stream =
                chain.events().mediationRequests(chain.events().latest(), event -> requests.add(event.event()));
        stream.start();

        jc.checkResult(terms);
        stream.close();

        assertThat(requests).containsExactly(new MediationRequested(terms.key(), terms.dealId(), MEDIATOR));
    }

    // ------------------------------------------------------------------ users and on-chain jobs

    @Test
    void shouldListAUserOnlyUnderARoleItClaimsAndUnlistItWhenTheRoleIsDropped() {
        Account mediator = chain.as(MEDIATOR);
        assertThatThrownBy(() -> mediator.addUserToList(ServiceType.MEDIATOR))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("UserNotFound"));
        mediator.updateUser("", "", List.of(ServiceType.MEDIATOR));
        mediator.addUserToList(ServiceType.MEDIATOR);
        assertThatThrownBy(() -> mediator.addUserToList(ServiceType.SOLVER))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("MissingRole"));
        assertThat(rp.showUsersInList(ServiceType.MEDIATOR)).containsExactly(MEDIATOR);

        mediator.updateUser("QmMeta", "http://example.test", List.of(ServiceType.SOLVER));

        assertThat(rp.showUsersInList(ServiceType.MEDIATOR)).isEmpty();
        assertThat(rp.getUser(MEDIATOR).orElseThrow().url()).isEqualTo("http://example.test");
    }

    @Test
    void shouldPayTheDepositToTheControllerOnCompletionAndToThePayeeOnRefundOnce() {
        chain.controlJobs(JC);
        assertThatThrownBy(() -> rp.setRequiredDeposit(BigInteger.TWO))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotController"));
        jc.setRequiredDeposit(BigInteger.TWO);
        Account client = chain.funded(OTHER_MEDIATOR);
        client.approve(client.addresses().jobCreator(), BigInteger.TEN);
        BigInteger first = chain.runJob(OTHER_MEDIATOR, "cowsay:v0.0.1", List.of("Message=moo"), OTHER_MEDIATOR);
        BigInteger second = chain.runJob(OTHER_MEDIATOR, "cowsay:v0.0.1", List.of(), OTHER_MEDIATOR);

        jc.submitResults(first, terms.dealId(), "QmData");
        jc.refundJob(second);

        assertThat(jc.getJob(first).orElseThrow().status()).isEqualTo(OnChainJobStatus.COMPLETED);
        assertThat(jc.getJob(second).orElseThrow().status()).isEqualTo(OnChainJobStatus.REFUNDED);
        assertThat(chain.tokensOf(JC)).isEqualTo(FakeChain.PLENTY.add(BigInteger.TWO));
        assertThat(chain.tokensOf(OTHER_MEDIATOR)).isEqualTo(FakeChain.PLENTY.subtract(BigInteger.TWO));
        assertThatThrownBy(() -> jc.refundJob(first))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("JobNotPending"));
        assertThat(jc.calls()).containsExactly("setRequiredDeposit", "submitResults:" + first, "refundJob:" + second);
    }

    @Test
    void shouldAnnounceAJobAddedByHand() {
        List<BigInteger> added = new ArrayList<>();
        EventStream stream = chain.events()
                .jobsAdded(EventCursor.GENESIS, event -> added.add(event.event().id()));
        stream.start();

        chain.addJob(new OnChainJob(
                BigInteger.valueOf(7), RP, JC, BigInteger.TWO, OnChainJobStatus.PENDING, "cowsay:v0.0.1", List.of()));
        stream.close();

        assertThat(added).containsExactly(BigInteger.valueOf(7));
        assertThat(rp.getJob(BigInteger.valueOf(7))).isPresent();
    }
}
