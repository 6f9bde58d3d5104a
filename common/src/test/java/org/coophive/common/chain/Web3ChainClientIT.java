package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.blockNumber;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;
import static org.coophive.common.chain.ChainTestSupport.pendingNonce;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.ServiceType;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chain client against the deployed contracts: every call on real deals (accepted, mediated
 * and timed-out workflows), checked through the client's own reads; reverts decoded without
 * sending; users, on-chain jobs and the token.
 */
class Web3ChainClientIT {

    private static final BigInteger INSTRUCTIONS = BigInteger.TWO;
    private static final Bytes32 RESULTS_ID = Bytes32.of(TestDeal.id("results"));
    private static final Bytes32 DATA_ID = Bytes32.of(TestDeal.id("data"));

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Web3ChainClient jc;
    Web3ChainClient rp;
    Web3ChainClient mediator;
    Web3ChainClient solver;
    String treasury;

    @BeforeAll
    static void approveEscrow() {
        // Kept for every test: the fixture snapshots after this.
        for (var account : List.of(DevAccounts.jobCreator(), DevAccounts.resourceProvider())) {
            try (Web3ChainClient client = client(chain, account)) {
                client.approvePayments(UNLIMITED);
            }
        }
    }

    @BeforeEach
    void connect() {
        jc = client(chain, DevAccounts.jobCreator());
        rp = client(chain, DevAccounts.resourceProvider());
        mediator = client(chain, DevAccounts.mediator());
        solver = client(chain, DevAccounts.solver());
        treasury = DevAccounts.treasury().address();
    }

    @AfterEach
    void close() {
        for (ChainClient client : List.of(jc, rp, mediator, solver)) client.close();
    }

    /** Token balances of the parties, to compare before and after a workflow. */
    private Map<String, BigInteger> balances() {
        return Map.of(
                "jc", jc.tokenBalanceOf(jc.address()),
                "rp", rp.tokenBalanceOf(rp.address()),
                "mediator", mediator.tokenBalanceOf(mediator.address()),
                "treasury", jc.tokenBalanceOf(treasury));
    }

    private static BigInteger change(Map<String, BigInteger> before, Map<String, BigInteger> after, String who) {
        return after.get(who).subtract(before.get(who));
    }

    private DealTerms agreed(String label) {
        DealTerms terms = deal(label);
        rp.agree(terms);
        jc.agree(terms);
        return terms;
    }

    private DealTerms withResults(String label) {
        DealTerms terms = agreed(label);
        rp.addResult(terms, RESULTS_ID, DATA_ID, INSTRUCTIONS);
        return terms;
    }

    // ------------------------------------------------------------------ workflows

    @Test
    void shouldPayTheResourceProviderWhenTheJobCreatorAcceptsResults() {
        DealTerms terms = deal("accepted");
        Map<String, BigInteger> before = balances();

        TxResult rpAgreed = rp.agree(terms);

        assertThat(rpAgreed.txHash()).startsWith("0x").hasSize(66);
        assertThat(rpAgreed.blockNumber()).isPositive();
        assertThat(rpAgreed.gasUsed()).isPositive();
        OnChainAgreement negotiating = rp.getAgreement(terms);
        assertThat(negotiating.exists()).isTrue();
        assertThat(negotiating.state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
        assertThat(negotiating.resourceProviderAgreed()).isTrue();
        assertThat(negotiating.jobCreatorAgreed()).isFalse();
        assertThat(negotiating.dealCreatedAt()).isNotNull();
        assertThat(negotiating.dealAgreedAt()).isNull();
        assertThat(rp.escrowOf(terms)).isEqualTo(tokens(10));

        jc.agree(terms);

        OnChainAgreement agreed = jc.getAgreement(terms.key());
        assertThat(agreed.state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(agreed.jobCreatorAgreed()).isTrue();
        assertThat(agreed.dealAgreedAt()).isNotNull();
        assertThat(jc.escrowOf(terms)).isEqualTo(tokens(10 + 30 + 10));
        assertThat(jc.getResult(terms)).isEmpty();

        rp.addResult(terms, RESULTS_ID, DATA_ID, INSTRUCTIONS);

        assertThat(jc.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(jc.getAgreement(terms).resultsSubmittedAt()).isNotNull();
        assertThat(jc.getAgreement(terms).instructionCount()).isEqualTo(INSTRUCTIONS);
        assertThat(jc.getResult(terms)).contains(new OnChainResult(terms.key(), DATA_ID, INSTRUCTIONS));
        assertThat(jc.escrowOf(terms)).isEqualTo(tokens(30 + 10 + 80));

        jc.acceptResult(terms);

        assertThat(jc.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertThat(jc.escrowOf(terms)).isZero();
        Map<String, BigInteger> after = balances();
        assertThat(change(before, after, "rp")).isEqualTo(tokens(20));
        assertThat(change(before, after, "jc")).isEqualTo(tokens(-20));
        assertThat(change(before, after, "mediator")).isZero();
        assertThat(change(before, after, "treasury")).isZero();
    }

    @Test
    void shouldPayResourceProviderAndMediatorWhenTheMediatorAcceptsCheckedResults() {
        DealTerms terms = withResults("mediation accepted");
        Map<String, BigInteger> before = balances();

        jc.checkResult(terms);

        assertThat(jc.getAgreement(terms).state()).isEqualTo(AgreementState.RESULTS_CHECKED);
        assertThat(jc.getAgreement(terms).resultsCheckedAt()).isNotNull();
        assertThat(jc.getMediator(terms)).contains(mediator.address());

        mediator.mediationAcceptResult(terms);

        assertThat(mediator.getAgreement(terms).state()).isEqualTo(AgreementState.MEDIATION_ACCEPTED);
        assertThat(mediator.escrowOf(terms)).isZero();
        Map<String, BigInteger> after = balances();
        assertThat(change(before, after, "rp")).isEqualTo(tokens(20 + 80));
        assertThat(change(before, after, "jc")).isEqualTo(tokens(10 - 5 + 10));
        assertThat(change(before, after, "mediator")).isEqualTo(tokens(5));
        assertThat(change(before, after, "treasury")).isZero();
    }

    @Test
    void shouldSlashTheResourceProviderWhenTheMediatorRejectsCheckedResults() {
        DealTerms terms = withResults("mediation rejected");
        Map<String, BigInteger> before = balances();

        jc.checkResult(terms);
        mediator.mediationRejectResult(terms);

        assertThat(rp.getAgreement(terms).state()).isEqualTo(AgreementState.MEDIATION_REJECTED);
        assertThat(rp.escrowOf(terms)).isZero();
        Map<String, BigInteger> after = balances();
        assertThat(change(before, after, "rp")).isZero();
        assertThat(change(before, after, "jc")).isEqualTo(tokens(10 - 5 + 30));
        assertThat(change(before, after, "mediator")).isEqualTo(tokens(5));
        assertThat(change(before, after, "treasury")).isEqualTo(tokens(80));
    }

    @Test
    void shouldRefundTheResourceProviderWhenTheJobCreatorNeverAgrees() throws Exception {
        DealTerms terms = deal("agree timeout");
        Map<String, BigInteger> before = balances();
        rp.agree(terms);

        assertThatThrownBy(() -> rp.timeoutAgree(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> assertThat(e.errorName())
                        .isEqualTo("NotTimedOut"));

        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        rp.timeoutAgree(terms);

        assertThat(rp.getAgreement(terms).state()).isEqualTo(AgreementState.TIMEOUT_AGREE);
        assertThat(rp.escrowOf(terms)).isZero();
        assertThat(balances()).isEqualTo(before);
    }

    @Test
    void shouldRefundTheJobCreatorAndSlashTheResourceProviderWhenResultsNeverCome() throws Exception {
        DealTerms terms = deal("submit timeout");
        Map<String, BigInteger> before = balances();
        agreedBy(terms);

        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        jc.timeoutSubmitResults(terms);

        assertThat(jc.getAgreement(terms).state()).isEqualTo(AgreementState.TIMEOUT_SUBMIT_RESULTS);
        assertThat(jc.escrowOf(terms)).isZero();
        Map<String, BigInteger> after = balances();
        assertThat(change(before, after, "jc")).isZero();
        assertThat(change(before, after, "rp")).isEqualTo(tokens(-10));
        assertThat(change(before, after, "treasury")).isEqualTo(tokens(10));
    }

    @Test
    void shouldPayTheResourceProviderAndSlashTheJobCreatorWhenResultsAreNeverJudged() throws Exception {
        Map<String, BigInteger> before = balances();
        DealTerms terms = withResults("judge timeout");

        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        rp.timeoutJudgeResults(terms);

        assertThat(rp.getAgreement(terms).state()).isEqualTo(AgreementState.TIMEOUT_JUDGE_RESULTS);
        assertThat(rp.escrowOf(terms)).isZero();
        Map<String, BigInteger> after = balances();
        assertThat(change(before, after, "rp")).isEqualTo(tokens(20));
        assertThat(change(before, after, "jc")).isEqualTo(tokens(-20 - 10));
        assertThat(change(before, after, "treasury")).isEqualTo(tokens(10));
    }

    @Test
    void shouldRefundEveryoneWhenTheMediatorNeverJudges() throws Exception {
        Map<String, BigInteger> before = balances();
        DealTerms terms = withResults("mediate timeout");
        jc.checkResult(terms);

        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        rp.timeoutMediateResults(terms);

        assertThat(rp.getAgreement(terms).state()).isEqualTo(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertThat(rp.escrowOf(terms)).isZero();
        assertThat(balances()).isEqualTo(before);
    }

    private void agreedBy(DealTerms terms) {
        jc.agree(terms);
        rp.agree(terms);
    }

    @Test
    void shouldReadAnUnknownDealAsNotExisting() {
        DealTerms terms = deal("never agreed");

        OnChainAgreement agreement = jc.getAgreement(terms);

        assertThat(agreement.exists()).isFalse();
        assertThat(agreement.dealCreatedAt()).isNull();
        assertThat(jc.getResult(terms)).isEmpty();
        assertThat(jc.getMediator(terms)).isEmpty();
        assertThat(jc.escrowOf(terms)).isZero();
    }

    // ------------------------------------------------------------------ reverts

    @Test
    void shouldThrowTheDecodedErrorAndSendNothingWhenAStepIsInTheWrongState() throws Exception {
        DealTerms terms = agreed("wrong state");
        BigInteger nonce = pendingNonce(chain, jc.address());
        BigInteger ether = jc.etherBalanceOf(jc.address());
        long block = blockNumber(chain);

        assertThatThrownBy(() -> jc.acceptResult(terms)).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.function()).isEqualTo("acceptResult");
            assertThat(e.errorName()).isEqualTo("WrongState");
            assertThat(e.arguments())
                    .containsExactly(
                            terms.dealId().hex(),
                            String.valueOf(AgreementState.DEAL_AGREED.code()),
                            String.valueOf(AgreementState.RESULTS_SUBMITTED.code()));
            assertThat(e.mined()).isFalse();
            assertThat(e.txHash()).isEmpty();
        });

        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce);
        assertThat(jc.etherBalanceOf(jc.address())).isEqualTo(ether);
        assertThat(blockNumber(chain)).isEqualTo(block);
        jc.approvePayments(UNLIMITED);
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.ONE));
    }

    @Test
    void shouldNameTheCallerWhenSomeoneOtherThanTheMediatorJudges() {
        DealTerms terms = withResults("not the mediator");
        jc.checkResult(terms);

        assertThatThrownBy(() -> rp.mediationAcceptResult(terms))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("NotDealMediator");
                    assertThat(e.arguments()).containsExactly(terms.dealId().hex(), rp.address());
                });
    }

    @Test
    void shouldDecodeTokenErrorsWhenAnAgreementLacksAllowance() {
        try (Web3ChainClient faucet = client(chain, DevAccounts.faucet())) {
            DealTerms terms = deal("no allowance").toBuilder()
                    .members(
                            DevAccounts.solver().address(),
                            faucet.address(),
                            DevAccounts.resourceProvider().address(),
                            List.of(DevAccounts.mediator().address()))
                    .build();

            assertThatThrownBy(() -> faucet.agree(terms)).isInstanceOfSatisfying(ContractRevertException.class, e -> {
                assertThat(e.errorName()).isEqualTo("ERC20InsufficientAllowance");
                assertThat(e.arguments().get(0)).isEqualTo(faucet.addresses().payments());
            });
        }
    }

    // ------------------------------------------------------------------ users

    @Test
    void shouldRegisterListAndUnlistAServiceWhenItDescribesItself() {
        solver.updateUser("", "http://solver.example:8080", List.of(ServiceType.SOLVER));

        assertThat(jc.getUser(solver.address()))
                .contains(new OnChainUser(
                        solver.address(), "", "http://solver.example:8080", List.of(ServiceType.SOLVER)));
        assertThat(jc.showUsersInList(ServiceType.SOLVER)).doesNotContain(solver.address());

        solver.addUserToList(ServiceType.SOLVER);
        assertThat(jc.showUsersInList(ServiceType.SOLVER)).containsExactly(solver.address());

        assertThatThrownBy(() -> solver.addUserToList(ServiceType.MEDIATOR))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("MissingRole");
                    assertThat(e.arguments())
                            .containsExactly(solver.address(), String.valueOf(ServiceType.MEDIATOR.code()));
                });

        solver.removeUserFromList(ServiceType.SOLVER);
        assertThat(jc.showUsersInList(ServiceType.SOLVER)).isEmpty();
    }

    @Test
    void shouldFindNoUserWhenAnAccountNeverRegistered() {
        assertThat(jc.getUser(DevAccounts.directory().address())).isEmpty();
    }

    // ------------------------------------------------------------------ on-chain jobs

    @Test
    void shouldDeliverResultsToTheCallingContractAndPayTheServiceWhenAJobIsCompleted() throws Exception {
        solver.setRequiredDeposit(tokens(2));
        assertThat(jc.getRequiredDeposit()).isEqualTo(tokens(2));
        BigInteger serviceTokens = solver.tokenBalanceOf(solver.address());
        BigInteger jobId = requestCowsay("moo");
        String exampleClient = chain.addresses().exampleClient();

        assertThat(solver.getJob(jobId))
                .contains(new OnChainJob(
                        jobId,
                        exampleClient,
                        jc.address(),
                        tokens(2),
                        OnChainJobStatus.PENDING,
                        "cowsay:v0.0.1",
                        List.of("Message=moo")));

        Bytes32 dealId = Bytes32.of(TestDeal.id("cowsay deal"));
        solver.submitResults(jobId, dealId, "QmWd9vFpRnMHX8tPnFGstqZjSSgZFbu4fPcwu3bbWmSTMb");

        assertThat(solver.getJob(jobId).orElseThrow().status()).isEqualTo(OnChainJobStatus.COMPLETED);
        assertThat(solver.tokenBalanceOf(solver.address())).isEqualTo(serviceTokens.add(tokens(2)));
        assertThat(chain.jobCreator().exampleClient().getJobResult(jobId).send())
                .as("the callback got enough gas to store the results")
                .isEqualTo("QmWd9vFpRnMHX8tPnFGstqZjSSgZFbu4fPcwu3bbWmSTMb");
    }

    @Test
    void shouldGiveThePayeeItsDepositBackWhenTheServiceRefundsAJob() throws Exception {
        solver.setRequiredDeposit(tokens(3));
        BigInteger before = jc.tokenBalanceOf(jc.address());
        BigInteger jobId = requestCowsay("refund me");
        assertThat(jc.tokenBalanceOf(jc.address())).isEqualTo(before.subtract(tokens(3)));

        solver.refundJob(jobId);

        assertThat(solver.getJob(jobId).orElseThrow().status()).isEqualTo(OnChainJobStatus.REFUNDED);
        assertThat(jc.tokenBalanceOf(jc.address())).isEqualTo(before);
        assertThatThrownBy(() -> solver.refundJob(jobId)).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.errorName()).isEqualTo("JobNotPending");
            assertThat(e.arguments()).containsExactly(jobId.toString());
        });
    }

    @Test
    void shouldRefuseJobCreatorCallsWhenTheCallerIsNotItsController() {
        assertThatThrownBy(() -> jc.setRequiredDeposit(tokens(1)))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("NotController");
                    assertThat(e.arguments()).containsExactly(jc.address());
                });
        assertThat(jc.getJob(BigInteger.valueOf(99))).isEmpty();
    }

    /** The job creator (as a user) asks ExampleClient for cowsay, paying the deposit. */
    private BigInteger requestCowsay(String message) throws Exception {
        var user = chain.jobCreator();
        user.token()
                .approve(chain.addresses().exampleClient(), jc.getRequiredDeposit())
                .send();
        var receipt = user.exampleClient().runCowsay(message).send();
        return org.coophive.contracts.generated.ExampleClient.getJobCreatedEvents(receipt)
                .get(0)
                .id;
    }

    // ------------------------------------------------------------------ token and ether

    @Test
    void shouldMoveTokensAndAllowancesWhenTheAccountApprovesAndTransfers() {
        String spender = DevAccounts.directory().address();
        BigInteger jcTokens = jc.tokenBalanceOf(jc.address());
        BigInteger rpTokens = rp.tokenBalanceOf(rp.address());

        jc.approve(spender, tokens(7));
        jc.transferTokens(rp.address(), tokens(3));

        assertThat(jc.allowance(jc.address(), spender)).isEqualTo(tokens(7));
        assertThat(jc.allowance(jc.address(), jc.addresses().payments())).isEqualTo(UNLIMITED);
        assertThat(jc.tokenBalanceOf(jc.address())).isEqualTo(jcTokens.subtract(tokens(3)));
        assertThat(rp.tokenBalanceOf(rp.address())).isEqualTo(rpTokens.add(tokens(3)));
    }

    @Test
    void shouldSendExactlyTheEtherAskedForAndTellAccountsFromContracts() throws Exception {
        String someone = DevAccounts.directory().address();
        BigInteger before = rp.etherBalanceOf(someone);

        TxResult sent = jc.sendEther(someone, tokens(2));

        assertThat(rp.etherBalanceOf(someone)).isEqualTo(before.add(tokens(2)));
        assertThat(sent.blockNumber()).isPositive();
        assertThat(jc.hasCode(someone)).isFalse();
        assertThat(jc.hasCode(jc.addresses().token())).isTrue();
        assertThat(jc.hasCode(jc.addresses().controller())).isTrue();
    }

    @Test
    void shouldSendNoEtherToAContractThatRefusesIt() throws Exception {
        BigInteger nonce = pendingNonce(chain, jc.address());

        // The token has no receive function: the simulation reverts and nothing is signed.
        assertThatThrownBy(() -> jc.sendEther(jc.addresses().token(), BigInteger.ONE))
                .isInstanceOf(ChainException.class);
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce);
    }

    @Test
    void shouldSpendEtherOnGasOnlyWhenATransactionIsMined() throws Exception {
        BigInteger before = jc.etherBalanceOf(jc.address());

        TxResult result = jc.approve(DevAccounts.directory().address(), BigInteger.ONE);

        var receipt = chain.chain()
                .web3j()
                .ethGetTransactionReceipt(result.txHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow();
        BigInteger fee =
                receipt.getGasUsed().multiply(org.web3j.utils.Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
        assertThat(jc.etherBalanceOf(jc.address())).isEqualTo(before.subtract(fee));
        assertThat(result.gasUsed()).isEqualTo(receipt.getGasUsed());
        assertThat(result.blockNumber()).isEqualTo(receipt.getBlockNumber().longValueExact());
    }

    @Test
    void shouldKnowItsAddressesWhenConnected() {
        assertThat(jc.address()).isEqualTo(DevAccounts.jobCreator().address());
        var deployed = chain.addresses();
        assertThat(jc.addresses())
                .isEqualTo(new ChainAddresses(
                        deployed.controller(),
                        deployed.storage(),
                        deployed.payments(),
                        deployed.users(),
                        deployed.mediation(),
                        deployed.jobCreator(),
                        deployed.token()));
        assertThat(jc.blockNumber()).isPositive();
        assertThat(jc.toString()).contains(jc.address());
    }

    // ------------------------------------------------------------------ connection and logs

    @Test
    void shouldRunADealStepAndReadItsEventsWhenConnectedOverWebSocket() throws Exception {
        String ws = chain.node().rpcUrl().replace("http://", "ws://");
        DealTerms terms = deal("over websocket");
        try (Web3ChainClient overWs = Web3ChainClient.connect(ChainTestSupport.properties(
                ws, chain, DevAccounts.resourceProvider().credentials()))) {
            List<ChainEvent<DealStateChanged>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (EventStream stream =
                    overWs.events().dealStateChanges(overWs.events().latest(), seen::add)) {
                stream.start();

                overWs.agree(terms);
                jc.agree(terms);

                Await.until(java.time.Duration.ofSeconds(30), "DealAgreed over WebSocket", () -> !seen.isEmpty());
                assertThat(seen.get(0).event().state()).isEqualTo(AgreementState.DEAL_AGREED);
            }
            assertThat(overWs.getAgreement(terms).state()).isEqualTo(AgreementState.DEAL_AGREED);
        }
    }

    @Test
    void shouldNeverLogThePrivateKeyWhenConnectingSendingAndFailing() {
        String key = ChainTestSupport.privateKeyHex(DevAccounts.jobCreator().credentials());
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true));
        try (Web3ChainClient logged = client(chain, DevAccounts.jobCreator())) {
            DealTerms terms = deal("logged");
            logged.agree(terms);
            assertThatThrownBy(() -> logged.acceptResult(terms)).isInstanceOf(ContractRevertException.class);
        } finally {
            System.setErr(original);
        }

        String log = captured.toString();
        assertThat(log)
                .contains("sent agree for deal " + deal("logged").dealId().hex() + " in transaction 0x");
        assertThat(log.toLowerCase())
                .doesNotContain(org.web3j.utils.Numeric.cleanHexPrefix(key).toLowerCase());
    }
}
