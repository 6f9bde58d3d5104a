package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.pendingNonce;
import static org.coophive.common.chain.ChainTestSupport.properties;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The node drops a pending transaction ({@code anvil_dropTransaction}): the sender delivers the
 * very same transaction again (same nonce, same hash), so the step is mined once and the next
 * transaction does not queue behind a gap.
 */
class TransactionDropIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    final List<String> signed = new CopyOnWriteArrayList<>();
    Web3ChainClient jc;
    String rp = DevAccounts.resourceProvider().address();
    ExecutorService threads;

    @BeforeEach
    void connect() throws Exception {
        jc = Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()),
                ChainClientOptions.defaults()
                        .withReceiptTimeout(Duration.ofSeconds(60))
                        .withTransactionListener((function, dealId, hash) -> signed.add(hash)));
        threads = Executors.newFixedThreadPool(2);
        anvil("evm_setAutomine", List.of(false));
    }

    @AfterEach
    void close() throws Exception {
        anvil("evm_setIntervalMining", List.of(0));
        anvil("evm_setAutomine", List.of(true));
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        jc.close();
    }

    @Test
    void shouldMineEachTransactionOnceWhenTheNodeDropsOneAndTheNextIsSentBehindIt() throws Exception {
        BigInteger start = minedNonce();
        BigInteger tokens = jc.tokenBalanceOf(rp);

        Future<TxResult> first = threads.submit(() -> jc.transferTokens(rp, BigInteger.ONE));
        Await.until(Duration.ofSeconds(30), "the first transfer in the pool", () -> pending()
                .equals(start.add(one())));
        String dropped = signed.get(0);
        anvil("anvil_dropTransaction", List.of(dropped));
        Future<TxResult> second = threads.submit(() -> jc.transferTokens(rp, BigInteger.ONE));
        Await.until(Duration.ofSeconds(30), "the second transfer signed", () -> signed.size() == 2);
        anvil("evm_setIntervalMining", List.of(1));

        TxResult a = first.get(45, TimeUnit.SECONDS);
        TxResult b = second.get(45, TimeUnit.SECONDS);

        assertThat(signed).hasSize(2);
        assertThat(List.of(a.txHash(), b.txHash())).containsExactlyElementsOf(signed);
        assertThat(nonceOf(a.txHash())).isEqualTo(start);
        assertThat(nonceOf(b.txHash())).isEqualTo(start.add(one()));
        assertThat(minedNonce()).isEqualTo(start.add(BigInteger.TWO));
        assertThat(jc.tokenBalanceOf(rp)).isEqualTo(tokens.add(BigInteger.TWO));
    }

    @Test
    void shouldReportADroppedTransactionOfItsOwnPendingAndDeliverItAgainWhenAJournalAsks() throws Exception {
        BigInteger start = minedNonce();
        Future<TxResult> sent = threads.submit(() -> jc.transferTokens(rp, BigInteger.ONE));
        Await.until(Duration.ofSeconds(30), "the transfer in the pool", () -> pending()
                .equals(start.add(one())));
        String hash = signed.get(0);
        anvil("anvil_dropTransaction", List.of(hash));
        assertThat(chain.chain().web3j().ethGetTransactionByHash(hash).send().getTransaction())
                .isEmpty();

        TxStatus status = jc.transactionStatus(hash);

        assertThat(status).isEqualTo(TxStatus.PENDING);
        assertThat(chain.chain().web3j().ethGetTransactionByHash(hash).send().getTransaction())
                .isPresent();
        anvil("evm_mine", List.of());
        assertThat(sent.get(30, TimeUnit.SECONDS).txHash()).isEqualTo(hash);
        assertThat(jc.transactionStatus(hash)).isEqualTo(TxStatus.SUCCEEDED);
        assertThat(minedNonce()).isEqualTo(start.add(one()));
    }

    @Test
    void shouldDeliverTheJournaledBytesAgainWhenTheNodeLostTheTransactionAcrossARestart() throws Exception {
        BigInteger start = minedNonce();
        Map<String, String> journal = new ConcurrentHashMap<>();
        TransactionListener journaling = new TransactionListener() {
            @Override
            public void signed(String function, Bytes32 dealId, String txHash) {
                throw new AssertionError("the signed transaction must be heard too");
            }

            @Override
            public void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
                journal.put(txHash, signedTransaction);
            }
        };
        Web3ChainClient before = Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()),
                ChainClientOptions.defaults().withTransactionListener(journaling));
        Future<TxResult> sent = threads.submit(() -> before.transferTokens(rp, BigInteger.ONE));
        Await.until(Duration.ofSeconds(30), "the transfer in the pool", () -> pending()
                .equals(start.add(one())));
        // The service stops while its transaction is pending; then the node loses it.
        sent.cancel(true);
        before.close();
        String hash = journal.keySet().iterator().next();
        anvil("anvil_dropTransaction", List.of(hash));

        try (Web3ChainClient restarted = Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()))) {
            assertThat(restarted.transactionStatus(hash)).isEqualTo(TxStatus.UNKNOWN);

            assertThat(restarted.transactionStatus(hash, journal.get(hash))).isEqualTo(TxStatus.PENDING);
            anvil("evm_mine", List.of());

            assertThat(restarted.transactionStatus(hash)).isEqualTo(TxStatus.SUCCEEDED);
            assertThat(nonceOf(hash)).isEqualTo(start);
            assertThat(minedNonce()).isEqualTo(start.add(one()));
            // Its nonce is used now: the kept bytes can never run again.
            assertThat(restarted.transactionStatus(hash, journal.get(hash))).isEqualTo(TxStatus.SUCCEEDED);
        }
    }

    @Test
    void shouldFillTheNonceOfATransactionLostBeforeARestartSoTheOneQueuedBehindItRuns() throws Exception {
        BigInteger start = minedNonce();
        BigInteger before = jc.etherBalanceOf(rp);
        // Signed before a restart with the next nonce but one: the transaction before it was lost.
        String queued = sendSignedTransfer(start.add(one()), BigInteger.ONE);
        assertThat(pending()).as("queued behind the gap, not executable").isEqualTo(start);

        try (Web3ChainClient restarted = Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()))) {
            assertThat(restarted.transactionStatus(queued)).isEqualTo(TxStatus.PENDING);
            anvil("evm_mine", List.of());

            assertThat(restarted.transactionStatus(queued)).isEqualTo(TxStatus.SUCCEEDED);
            assertThat(minedNonce()).isEqualTo(start.add(BigInteger.TWO));
            var filler = chain
                    .chain()
                    .web3j()
                    .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, true)
                    .send()
                    .getBlock()
                    .getTransactions()
                    .stream()
                    .map(result -> (org.web3j.protocol.core.methods.response.Transaction) result.get())
                    .filter(tx -> tx.getNonce().equals(start))
                    .findFirst()
                    .orElseThrow();
            assertThat(filler.getFrom()).isEqualToIgnoringCase(jc.address());
            assertThat(filler.getTo()).isEqualToIgnoringCase(jc.address());
            assertThat(filler.getValue()).isZero();
            assertThat(jc.etherBalanceOf(rp)).isEqualTo(before.add(BigInteger.ONE));
            // The restarted sender goes on after the filled gap.
            anvil("evm_setAutomine", List.of(true));
            assertThat(nonceOf(restarted.transferTokens(rp, BigInteger.ONE).txHash()))
                    .isEqualTo(start.add(BigInteger.TWO));
        }
    }

    @Test
    void shouldReplaceAnUnderpricedTransactionWithTheSameNonceAndAHigherFeeAndMineOnlyOneOfThem() throws Exception {
        BigInteger start = minedNonce();
        BigInteger tokens = jc.tokenBalanceOf(rp);
        List<String> replaced = new CopyOnWriteArrayList<>();
        Web3ChainClient bumping = clientHearingReplacements(replaced);
        try {
            Future<TxResult> sent = threads.submit(() -> bumping.transferTokens(rp, BigInteger.ONE));
            Await.until(Duration.ofSeconds(30), "the transfer in the pool", () -> pending()
                    .equals(start.add(one())));
            String first = signed.get(0);
            var firstTx = transaction(first);
            // The base fee jumps above the transfer's fee cap: it stays in the pool, unmined.
            BigInteger highBaseFee = firstTx.getMaxFeePerGas().multiply(BigInteger.valueOf(4));
            anvil("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.toHexStringWithPrefix(highBaseFee)));
            anvil("evm_mine", List.of());
            assertThat(minedNonce()).isEqualTo(start);

            Await.until(
                    Duration.ofSeconds(30),
                    "the replacement in the pool",
                    () -> signed.size() == 2 && known(signed.get(1)));
            String replacement = signed.get(1);
            assertThat(replaced).containsExactly(first + " " + replacement);
            var replacementTx = transaction(replacement);
            assertThat(replacementTx.getNonce()).isEqualTo(firstTx.getNonce());
            assertThat(replacementTx.getMaxFeePerGas()).isGreaterThanOrEqualTo(highBaseFee);
            assertThat(replacementTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(100)))
                    .isGreaterThanOrEqualTo(firstTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(110)));
            // The base fee stays high for the next block too: only the replacement can be mined in it.
            anvil("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.toHexStringWithPrefix(highBaseFee)));
            anvil("evm_mine", List.of());

            assertThat(sent.get(30, TimeUnit.SECONDS).txHash()).isEqualTo(replacement);
            assertThat(chain.chain()
                            .web3j()
                            .ethGetTransactionReceipt(first)
                            .send()
                            .getTransactionReceipt())
                    .isEmpty();
            assertThat(minedNonce()).isEqualTo(start.add(one()));
            assertThat(jc.tokenBalanceOf(rp)).isEqualTo(tokens.add(BigInteger.ONE));
            // A journal that kept both finds the mined one, and the first can never run.
            SentTransaction kept = SentTransaction.of(first, "").replacedBy(replacement, "");
            assertThat(kept.lookUp(bumping)).isEqualTo(new SentTransaction.Found(replacement, TxStatus.SUCCEEDED));
            assertThat(bumping.transactionStatus(first)).isEqualTo(TxStatus.UNKNOWN);
        } finally {
            bumping.close();
        }
    }

    @Test
    void shouldReplaceATransactionTheNodeLeavesOutOfTheBlocksItMinesThoughItsNonceIsNext() throws Exception {
        BigInteger start = minedNonce();
        BigInteger tokens = jc.tokenBalanceOf(rp);
        List<String> replaced = new CopyOnWriteArrayList<>();
        Web3ChainClient bumping = clientHearingReplacements(replaced);
        BigInteger gasLimit = latestBlock().getGasLimit();
        // A base fee of 1 gwei, whatever an earlier test left for the next block.
        anvil("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.toHexStringWithPrefix(BigInteger.TEN.pow(9))));
        mineOne();
        try {
            Future<TxResult> sent = threads.submit(() -> bumping.transferTokens(rp, BigInteger.ONE));
            Await.until(
                    Duration.ofSeconds(30),
                    "the transfer in the pool",
                    () -> signed.size() == 1 && known(signed.get(0)));
            String first = signed.get(0);
            var firstTx = transaction(first);
            // Its fee covers the base fee and its nonce is next, yet each block mined is filled by
            // another sender's transaction paying more: it is left out, as Anvil did under load
            // (holding every later transaction of the key behind it).
            // Each filler takes half a block: the base fee stays where it is, so the transfer is
            // never underpriced, only left out.
            BigInteger room = firstTx.getGas().add(BigInteger.valueOf(20_000));
            anvil("evm_setBlockGasLimit", List.of(Numeric.toHexStringWithPrefix(room)));
            BigInteger baseFee = latestBlock().getBaseFeePerGas();
            Await.until(Duration.ofSeconds(30), "the replacement in the pool", () -> {
                fillTheNextBlock(room.divide(BigInteger.TWO));
                mineOne();
                return signed.size() == 2 && known(signed.get(1));
            });
            String replacement = signed.get(1);
            assertThat(replaced).containsExactly(first + " " + replacement);
            assertThat(minedNonce()).isEqualTo(start);
            assertThat(latestBlock().getBaseFeePerGas()).isLessThanOrEqualTo(baseFee);
            assertThat(firstTx.getMaxFeePerGas()).isGreaterThan(baseFee);
            var replacementTx = transaction(replacement);
            assertThat(replacementTx.getNonce()).isEqualTo(firstTx.getNonce());
            assertThat(replacementTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(100)))
                    .isGreaterThanOrEqualTo(firstTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(110)));

            mineOne(); // nothing in the way now

            assertThat(sent.get(30, TimeUnit.SECONDS).txHash()).isEqualTo(replacement);
            assertThat(minedNonce()).isEqualTo(start.add(one()));
            assertThat(jc.tokenBalanceOf(rp)).isEqualTo(tokens.add(BigInteger.ONE));
        } finally {
            anvil("evm_setBlockGasLimit", List.of(Numeric.toHexStringWithPrefix(gasLimit)));
            bumping.close();
        }
    }

    /**
     * A client of the job creator's key whose transactions are added to {@link #signed}, and whose
     * replacements also to {@code replaced} ("replaced-hash replacement-hash").
     */
    private Web3ChainClient clientHearingReplacements(List<String> replaced) {
        return Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()),
                ChainClientOptions.defaults()
                        .withReceiptTimeout(Duration.ofSeconds(60))
                        .withTransactionListener(new TransactionListener() {
                            @Override
                            public void signed(String function, Bytes32 dealId, String txHash) {
                                signed.add(txHash);
                            }

                            @Override
                            public void replaced(
                                    String function,
                                    Bytes32 dealId,
                                    String replacedHash,
                                    String txHash,
                                    String signedTransaction) {
                                replaced.add(replacedHash + " " + txHash);
                                signed.add(txHash);
                            }
                        }));
    }

    private org.web3j.protocol.core.methods.response.EthBlock.Block latestBlock() throws Exception {
        return chain.chain()
                .web3j()
                .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                .send()
                .getBlock();
    }

    /**
     * Sends, from another key, a transaction using about {@code gas} (zeros as call data) and paying
     * a tip of 100 gwei: it goes first into the next block.
     */
    private void fillTheNextBlock(BigInteger gas) {
        try {
            var mediator = DevAccounts.mediator().credentials();
            BigInteger nonce = chain.chain()
                    .web3j()
                    .ethGetTransactionCount(mediator.getAddress(), DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount();
            // Zero bytes of call data cost 10 gas each at least since Prague (EIP-7623).
            int zeros = gas.subtract(BigInteger.valueOf(21_000)).intValueExact() / 10;
            RawTransaction filler = RawTransaction.createTransaction(
                    AnvilNode.CHAIN_ID,
                    nonce,
                    gas,
                    mediator.getAddress(),
                    BigInteger.ZERO,
                    Numeric.toHexString(new byte[zeros]),
                    BigInteger.valueOf(100_000_000_000L),
                    BigInteger.valueOf(200_000_000_000L));
            var response = chain.chain()
                    .web3j()
                    .ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(filler, mediator)))
                    .send();
            if (response.hasError())
                throw new IllegalStateException(response.getError().getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldReplaceAJournaledTransactionThatStaysUnderpricedAfterARestartAndMineOnlyOneVersion() throws Exception {
        BigInteger start = minedNonce();
        BigInteger tokens = jc.tokenBalanceOf(rp);
        Map<String, String> journal = new ConcurrentHashMap<>();
        Web3ChainClient before = Web3ChainClient.connect(
                properties(chain, DevAccounts.jobCreator().credentials()),
                ChainClientOptions.defaults().withTransactionListener(new TransactionListener() {
                    @Override
                    public void signed(String function, Bytes32 dealId, String txHash) {}

                    @Override
                    public void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
                        journal.put(txHash, signedTransaction);
                    }
                }));
        Future<TxResult> sent = threads.submit(() -> before.transferTokens(rp, BigInteger.ONE));
        Await.until(Duration.ofSeconds(30), "the transfer in the pool", () -> pending()
                .equals(start.add(one())));
        // The service stops while its transaction is pending.
        sent.cancel(true);
        before.close();
        String first = journal.keySet().iterator().next();
        var firstTx = transaction(first);

        // The market rises above the transfer's fee cap while it waits in the pool (as geth keeps one
        // so priced; anvil would evict it at its next block, so the rise is shown through the proxy).
        BigInteger highBaseFee = firstTx.getMaxFeePerGas().multiply(BigInteger.valueOf(4));
        List<String> replaced = new CopyOnWriteArrayList<>();
        Map<String, String> replacements = new ConcurrentHashMap<>();
        try (FlakyRpcProxy market = FlakyRpcProxy.start(chain.node().rpcUrl());
                Web3ChainClient restarted = Web3ChainClient.connect(
                        properties(market.url(), chain, DevAccounts.jobCreator().credentials()),
                        ChainClientOptions.defaults().withTransactionListener(new TransactionListener() {
                            @Override
                            public void signed(String function, Bytes32 dealId, String txHash) {}

                            @Override
                            public void replaced(
                                    String function,
                                    Bytes32 dealId,
                                    String replacedHash,
                                    String txHash,
                                    String signedTransaction) {
                                replaced.add(function + " " + replacedHash + " " + txHash);
                                replacements.put(txHash, signedTransaction);
                            }
                        }))) {
            market.showBaseFee(highBaseFee);
            SentTransaction kept = SentTransaction.of(first, journal.get(first));
            long adopted = System.nanoTime();
            // The journal looks its step up on every pass: pending, then replaced as a live one would be.
            Await.until(Duration.ofSeconds(30), "the journaled transfer replaced", () -> {
                assertThat(kept.lookUp(restarted, "transfer", null))
                        .isEqualTo(new SentTransaction.Found(first, TxStatus.PENDING));
                return !replaced.isEmpty();
            });
            assertThat(Duration.ofNanos(System.nanoTime() - adopted))
                    .as("replaced no sooner than a live wait would")
                    .isGreaterThanOrEqualTo(TransactionSender.HEAL_EVERY);
            assertThat(replaced).hasSize(1);
            String replacement = replacements.keySet().iterator().next();
            assertThat(replaced).containsExactly("transfer " + first + " " + replacement);
            assertThat(known(replacement)).isTrue();
            var replacementTx = transaction(replacement);
            assertThat(replacementTx.getNonce()).isEqualTo(firstTx.getNonce());
            assertThat(replacementTx.getMaxFeePerGas()).isGreaterThanOrEqualTo(highBaseFee);
            assertThat(replacementTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(100)))
                    .isGreaterThanOrEqualTo(firstTx.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(110)));

            // The journal now keeps both; the replacement is not bumped again while it can be mined.
            SentTransaction both = kept.replacedBy(replacement, replacements.get(replacement));
            Thread.sleep(TransactionSender.HEAL_EVERY.toMillis() + 200); // past the replacement's own due time
            assertThat(both.lookUp(restarted, "transfer", null))
                    .isEqualTo(new SentTransaction.Found(replacement, TxStatus.PENDING));
            assertThat(replaced).hasSize(1);
            anvil("evm_mine", List.of());

            assertThat(both.lookUp(restarted, "transfer", null))
                    .isEqualTo(new SentTransaction.Found(replacement, TxStatus.SUCCEEDED));
            assertThat(restarted.transactionStatus(first)).isEqualTo(TxStatus.UNKNOWN);
            assertThat(minedNonce()).isEqualTo(start.add(one()));
            assertThat(jc.tokenBalanceOf(rp)).isEqualTo(tokens.add(BigInteger.ONE));
        }
    }

    private boolean known(String hash) {
        try {
            return chain.chain()
                    .web3j()
                    .ethGetTransactionByHash(hash)
                    .send()
                    .getTransaction()
                    .isPresent();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private org.web3j.protocol.core.methods.response.Transaction transaction(String hash) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetTransactionByHash(hash)
                .send()
                .getTransaction()
                .orElseThrow();
    }

    private String sendSignedTransfer(BigInteger nonce, BigInteger wei) throws Exception {
        RawTransaction transfer = RawTransaction.createEtherTransaction(
                AnvilNode.CHAIN_ID,
                nonce,
                BigInteger.valueOf(21_000),
                rp,
                wei,
                BigInteger.valueOf(1_000_000_000),
                BigInteger.valueOf(10_000_000_000L));
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(
                transfer, DevAccounts.jobCreator().credentials()));
        var response = chain.chain().web3j().ethSendRawTransaction(signed).send();
        if (response.hasError())
            throw new IllegalStateException(response.getError().getMessage());
        return response.getTransactionHash();
    }

    @Test
    void shouldPollForASlowReceiptFastFirstThenAboutOnceASecond() throws Exception {
        try (FlakyRpcProxy proxy = FlakyRpcProxy.start(chain.node().rpcUrl());
                Web3ChainClient counted = Web3ChainClient.connect(
                        properties(proxy.url(), chain, DevAccounts.jobCreator().credentials()))) {
            BigInteger start = minedNonce();
            Future<TxResult> sent = threads.submit(() -> counted.transferTokens(rp, BigInteger.ONE));
            Await.until(Duration.ofSeconds(30), "the transfer in the pool", () -> pending()
                    .equals(start.add(one())));
            long waited = System.nanoTime();
            // The window measured: the receipt is 5 s late.
            Thread.sleep(5_000);
            anvil("evm_mine", List.of());
            sent.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - waited) / 1e9;

            int polls = proxy.forwarded("eth_getTransactionReceipt");
            System.out.printf("receipt polls: %d in %.1f s of waiting%n", polls, seconds);
            // Polling every 10 ms as before made about 500 calls here; now one at once after the send, then
            // after 1, 2, 4 ... 512 ms (11 in the first second), then one a second.
            assertThat(polls).isBetween(5, 12 + (int) Math.ceil(seconds));
        }
    }

    private static BigInteger one() {
        return BigInteger.ONE;
    }

    private BigInteger pending() {
        try {
            return pendingNonce(chain, jc.address());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BigInteger minedNonce() throws Exception {
        return chain.chain()
                .web3j()
                .ethGetTransactionCount(jc.address(), DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    private BigInteger nonceOf(String hash) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetTransactionByHash(hash)
                .send()
                .getTransaction()
                .orElseThrow()
                .getNonce();
    }

    /** Mines one block (for a condition polled while blocks are being mined). */
    private static void mineOne() {
        try {
            anvil("evm_mine", List.of());
        } catch (Exception e) {
            throw new IllegalStateException("evm_mine failed", e);
        }
    }

    private static void anvil(String method, List<?> params) throws Exception {
        var response = new Request<>(
                        method, params, new HttpService(chain.node().rpcUrl()), AnvilNode.RawResponse.class)
                .send();
        if (response.hasError())
            throw new IllegalStateException(method + ": " + response.getError().getMessage());
    }
}
