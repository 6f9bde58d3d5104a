package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.deal;
import static org.coophive.common.chain.ChainTestSupport.properties;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;

/**
 * What a service needs to survive a crash mid-transaction: the hash before the node has it, and a
 * look-up of that hash afterwards; and the chain's clock for timeouts.
 */
class TransactionTrackingIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private record Signed(String function, Bytes32 dealId, String txHash, TxStatus statusWhenSigned) {}

    private final List<Signed> signed = new CopyOnWriteArrayList<>();
    private Web3ChainClient rp;

    @AfterEach
    void closeClient() throws IOException {
        setAutomine(true);
        if (rp != null) rp.close();
    }

    private Web3ChainClient listeningClient() {
        Web3ChainClient[] self = new Web3ChainClient[1];
        ChainClientOptions options = ChainClientOptions.defaults()
                .withTransactionListener((function, dealId, txHash) ->
                        signed.add(new Signed(function, dealId, txHash, self[0].transactionStatus(txHash))));
        self[0] = Web3ChainClient.connect(
                properties(chain, DevAccounts.resourceProvider().credentials()), options);
        return self[0];
    }

    @Test
    void shouldHearTheHashBeforeTheNodeHasTheTransactionWhenAStepIsSent() {
        rp = listeningClient();
        rp.approvePayments(UNLIMITED);
        DealTerms terms = deal("tracked");

        TxResult agreed = rp.agree(terms);

        assertThat(signed).hasSize(2);
        Signed agree = signed.get(1);
        assertThat(agree.function()).isEqualTo("agree");
        assertThat(agree.dealId()).isEqualTo(terms.dealId());
        assertThat(agree.txHash()).isEqualTo(agreed.txHash());
        assertThat(agree.statusWhenSigned()).isEqualTo(TxStatus.UNKNOWN);
        assertThat(rp.transactionStatus(agreed.txHash())).isEqualTo(TxStatus.SUCCEEDED);
        assertThat(signed.get(0).dealId()).isNull();
    }

    @Test
    void shouldReportPendingUntilMinedWhenTheNodeHoldsTheTransaction() throws Exception {
        rp = listeningClient();
        rp.approvePayments(UNLIMITED);
        setAutomine(false);

        CompletableFuture<TxResult> sending = CompletableFuture.supplyAsync(() -> rp.agree(deal("pending")));
        Await.until(Duration.ofSeconds(10), "the agree to be signed", () -> signed.size() == 2);
        String hash = signed.get(1).txHash();
        Await.until(
                Duration.ofSeconds(10), "the node to hold it", () -> rp.transactionStatus(hash) == TxStatus.PENDING);

        chain.node().mine();

        assertThat(sending.get(10, TimeUnit.SECONDS).txHash()).isEqualTo(hash);
        assertThat(rp.transactionStatus(hash)).isEqualTo(TxStatus.SUCCEEDED);
    }

    @Test
    void shouldReadAPendingTransactionsReceiptOnEachNewBlockRatherThanOnATimer() throws Exception {
        rp = listeningClient();
        rp.approvePayments(UNLIMITED); // the first wait for a receipt starts the client's head watcher
        rp.approvePayments(UNLIMITED);
        setAutomine(false);

        CompletableFuture<TxResult> sending = CompletableFuture.supplyAsync(() -> rp.agree(deal("woken")));
        Await.until(Duration.ofSeconds(10), "the agree to be signed", () -> signed.size() == 3);
        String hash = signed.get(2).txHash();
        Await.until(
                Duration.ofSeconds(10), "the node to hold it", () -> rp.transactionStatus(hash) == TxStatus.PENDING);
        long before = receiptReads();
        // No block for a while: nothing to read (on a timer it was read about ten times a second).
        Thread.sleep(1_500);
        long whileNoBlock = receiptReads() - before;
        chain.node().mine();

        assertThat(sending.get(10, TimeUnit.SECONDS).txHash()).isEqualTo(hash);
        assertThat(whileNoBlock).as("receipt reads in 1.5 s without a block").isLessThanOrEqualTo(2);
    }

    private static long receiptReads() {
        return AnvilNode.rpcCalls().getOrDefault("eth_getTransactionReceipt", 0L);
    }

    @Test
    void shouldReportUnknownWhenTheNodeNeverSawTheHash() {
        rp = listeningClient();

        assertThat(rp.transactionStatus("0x" + "ab".repeat(32))).isEqualTo(TxStatus.UNKNOWN);
    }

    @Test
    void shouldFollowTheChainsClockWhenItTravelsInTime() throws Exception {
        rp = listeningClient();
        Instant before = rp.latestBlockTime();

        chain.increaseTime(3600);
        chain.node().mine();

        assertThat(rp.latestBlockTime()).isAfterOrEqualTo(before.plusSeconds(3600));
    }

    private static void setAutomine(boolean on) throws IOException {
        HttpService service = new HttpService(chain.node().rpcUrl());
        AnvilNode.RawResponse response =
                new Request<>("evm_setAutomine", List.of(on), service, AnvilNode.RawResponse.class).send();
        if (response.hasError()) throw new IOException(response.getError().getMessage());
    }
}
