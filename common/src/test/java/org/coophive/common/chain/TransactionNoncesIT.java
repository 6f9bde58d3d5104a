package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;
import static org.coophive.common.chain.ChainTestSupport.pendingNonce;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;

/**
 * One key sending from several threads: nonces stay consecutive, and a transaction that reverts
 * after it was mined (the chain changed since its simulation) is reported with its hash.
 */
class TransactionNoncesIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Web3ChainClient jc;
    Web3ChainClient rp;
    ExecutorService threads;

    @BeforeEach
    void connect() {
        jc = client(chain, DevAccounts.jobCreator());
        rp = client(chain, DevAccounts.resourceProvider());
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        jc.close();
        rp.close();
    }

    @Test
    void shouldUseConsecutiveNoncesWhenFourThreadsSendAHundredTransactionsFromOneKey() throws Exception {
        BigInteger startNonce = confirmedNonce(jc.address());
        BigInteger rpTokens = jc.tokenBalanceOf(rp.address());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<TxResult>>> senders = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            senders.add(threads.submit(() -> {
                go.await();
                List<TxResult> sent = new ArrayList<>();
                for (int i = 0; i < 25; i++) sent.add(jc.transferTokens(rp.address(), BigInteger.ONE));
                return sent;
            }));
        }

        go.countDown();
        List<TxResult> results = new ArrayList<>();
        for (Future<List<TxResult>> sender : senders) results.addAll(sender.get(2, TimeUnit.MINUTES));

        assertThat(results).hasSize(100);
        assertThat(results.stream().map(TxResult::txHash).distinct()).hasSize(100);
        assertThat(confirmedNonce(jc.address())).isEqualTo(startNonce.add(BigInteger.valueOf(100)));
        List<BigInteger> nonces = new ArrayList<>();
        for (TxResult result : results) {
            nonces.add(chain.chain()
                    .web3j()
                    .ethGetTransactionByHash(result.txHash())
                    .send()
                    .getTransaction()
                    .orElseThrow()
                    .getNonce());
        }
        assertThat(nonces.stream().sorted())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100)
                        .mapToObj(i -> startNonce.add(BigInteger.valueOf(i)))
                        .toList());
        assertThat(jc.tokenBalanceOf(rp.address())).isEqualTo(rpTokens.add(BigInteger.valueOf(100)));
    }

    @Test
    void shouldReportTheLosingStepAsWrongStateWhenAConcurrentStepWinsTheRace() throws Exception {
        jc.approvePayments(UNLIMITED);
        rp.approvePayments(UNLIMITED);
        DealTerms terms = deal("race");
        rp.agree(terms);
        jc.agree(terms);
        rp.addResult(terms, Bytes32.of(TestDeal.id("r")), Bytes32.of(TestDeal.id("d")), BigInteger.ONE);
        BigInteger nonce = pendingNonce(chain, jc.address());

        List<Future<TxResult>> steps;
        setAutomine(false);
        try {
            // Two steps race. Either both simulations pass and both are sent (the one mined second
            // reverts on chain), or the second simulation already sees the first in the pending
            // state and refuses to send: both interleavings are correct, so both are accepted.
            steps = List.of(
                    threads.submit((Callable<TxResult>) () -> jc.acceptResult(terms)),
                    threads.submit((Callable<TxResult>) () -> jc.checkResult(terms)));
            Await.until(
                    Duration.ofSeconds(30),
                    "both transactions in the pool, or one refused before sending",
                    () -> pendingNonceOf(jc.address()).equals(nonce.add(BigInteger.TWO))
                            || steps.stream().anyMatch(Future::isDone)
                                    && pendingNonceOf(jc.address()).equals(nonce.add(BigInteger.ONE)));
            mine();
        } finally {
            setAutomine(true);
        }

        List<TxResult> succeeded = new ArrayList<>();
        List<ContractRevertException> reverted = new ArrayList<>();
        for (Future<TxResult> step : steps) {
            try {
                succeeded.add(step.get(30, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                reverted.add((ContractRevertException) e.getCause());
            }
        }
        assertThat(succeeded).hasSize(1);
        ContractRevertException loser = reverted.get(0);
        assertThat(reverted).singleElement().satisfies(e -> {
            assertThat(e.errorName()).isEqualTo("WrongState");
            assertThat(e.arguments().get(0)).isEqualTo(terms.dealId().hex());
            if (e.mined()) {
                assertThat(e.txHash()).isPresent();
                assertThat(e.getMessage())
                        .contains("reverted with WrongState")
                        .contains(e.txHash().get());
            } else {
                assertThat(e.txHash()).isEmpty();
            }
        });
        assertThat(jc.getAgreement(terms).state())
                .isIn(AgreementState.RESULTS_ACCEPTED, AgreementState.RESULTS_CHECKED);
        jc.approvePayments(UNLIMITED);
        long sent = loser.mined() ? 2 : 1;
        assertThat(confirmedNonce(jc.address())).isEqualTo(nonce.add(BigInteger.valueOf(sent + 1)));
    }

    private BigInteger confirmedNonce(String address) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    private BigInteger pendingNonceOf(String address) {
        try {
            return pendingNonce(chain, address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setAutomine(boolean on) throws Exception {
        anvil("evm_setAutomine", List.of(on));
    }

    private static void mine() throws Exception {
        anvil("evm_mine", List.of());
    }

    private static void anvil(String method, List<?> params) throws Exception {
        var response = new Request<>(
                        method, params, new HttpService(chain.node().rpcUrl()), AnvilNode.RawResponse.class)
                .send();
        if (response.hasError())
            throw new IllegalStateException(method + ": " + response.getError().getMessage());
    }
}
