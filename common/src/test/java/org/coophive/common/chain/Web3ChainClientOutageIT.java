package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.chain.ChainTestSupport.pendingNonce;
import static org.coophive.common.chain.ChainTestSupport.properties;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.time.Duration;
import org.coophive.common.chain.FlakyRpcProxy.Fault;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Credentials;

/**
 * The chain client when the node is unreachable for a while, when the answer to a send is lost,
 * when another sender uses the same key, and when the configuration does not match the node.
 */
class Web3ChainClientOutageIT {

    private static final String SEND = "eth_sendRawTransaction";
    private static final RetryPolicy QUICK = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(40));

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    FlakyRpcProxy proxy;
    Web3ChainClient jc;
    String rp = DevAccounts.resourceProvider().address();

    @BeforeEach
    void connect() throws Exception {
        proxy = FlakyRpcProxy.start(chain.node().rpcUrl());
        jc = connectThroughProxy(DevAccounts.jobCreator().credentials());
    }

    @AfterEach
    void close() {
        jc.close();
        proxy.close();
    }

    private Web3ChainClient connectThroughProxy(Credentials credentials) {
        return Web3ChainClient.connect(
                properties(proxy.url(), chain, credentials),
                ChainClientOptions.defaults().withRetry(QUICK));
    }

    @Test
    void shouldAnswerReadsWhenTheNodeIsUnreachableForAFewAttempts() throws Exception {
        proxy.fail(FlakyRpcProxy.ANY, Fault.REFUSE, 3);

        BigInteger balance = jc.tokenBalanceOf(rp);

        assertThat(balance).isEqualTo(chain.tokensOf(rp));
        assertThat(proxy.broken("eth_call")).isEqualTo(3);
    }

    @Test
    void shouldGiveUpWithChainUnavailableWhenTheOutageOutlastsTheRetries() {
        int forwarded = proxy.forwarded("eth_call");
        proxy.fail(FlakyRpcProxy.ANY, Fault.REFUSE, 1_000);

        assertThatThrownBy(() -> jc.tokenBalanceOf(rp))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("after 5 attempts");
        assertThat(proxy.forwarded("eth_call")).isEqualTo(forwarded);
        assertThat(proxy.broken("eth_call")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldMineTheTransactionOnceWhenTheAnswerToItsSendIsLost() throws Exception {
        BigInteger nonce = pendingNonce(chain, jc.address());
        BigInteger rpTokens = chain.tokensOf(rp);
        proxy.fail(SEND, Fault.LOSE_RESPONSE, 1);

        TxResult result = jc.transferTokens(rp, tokens(1));

        assertThat(proxy.broken(SEND)).isEqualTo(1);
        assertThat(chain.tokensOf(rp)).isEqualTo(rpTokens.add(tokens(1)));
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.ONE));
        assertThat(result.blockNumber()).isPositive();
        // The next transaction takes the next nonce.
        jc.transferTokens(rp, tokens(1));
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.TWO));
        assertThat(chain.tokensOf(rp)).isEqualTo(rpTokens.add(tokens(2)));
    }

    @Test
    void shouldSendTheSameTransactionAgainWhenEarlierSendsNeverReachedTheNode() throws Exception {
        BigInteger nonce = pendingNonce(chain, jc.address());
        BigInteger rpTokens = chain.tokensOf(rp);
        proxy.fail(SEND, Fault.REFUSE, 2);

        jc.transferTokens(rp, tokens(1));

        assertThat(proxy.broken(SEND)).isEqualTo(2);
        assertThat(proxy.forwarded(SEND)).isEqualTo(1);
        assertThat(chain.tokensOf(rp)).isEqualTo(rpTokens.add(tokens(1)));
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.ONE));
    }

    @Test
    void shouldReportTheUnknownTransactionAndRecoverTheNonceWhenSendsNeverGetAnAnswer() throws Exception {
        BigInteger nonce = pendingNonce(chain, jc.address());
        BigInteger rpTokens = chain.tokensOf(rp);
        proxy.fail(SEND, Fault.LOSE_RESPONSE, 1);
        proxy.fail(SEND, Fault.REFUSE, 1_000);
        proxy.fail("eth_getTransactionByHash", Fault.REFUSE, 1_000);

        assertThatThrownBy(() -> jc.transferTokens(rp, tokens(1)))
                .isInstanceOfSatisfying(ChainUnavailableException.class, e -> assertThat(e.txHash())
                        .isPresent());

        proxy.heal();
        jc.transferTokens(rp, tokens(1));
        // The first transaction did reach the node; the second took the next nonce instead of reusing it.
        assertThat(chain.tokensOf(rp)).isEqualTo(rpTokens.add(tokens(2)));
        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.TWO));
    }

    @Test
    void shouldSignAgainWithTheNextFreeNonceWhenAnotherSenderUsedTheKey() throws Exception {
        BigInteger nonce = pendingNonce(chain, jc.address());
        jc.transferTokens(rp, BigInteger.ONE);
        // The same key, used by something else than this client.
        chain.jobCreator().token().transfer(rp, BigInteger.ONE).send();

        jc.transferTokens(rp, BigInteger.ONE);

        assertThat(pendingNonce(chain, jc.address())).isEqualTo(nonce.add(BigInteger.valueOf(3)));
    }

    @Test
    void shouldTakeTheNonceFromTheNodeAgainWhenTheNodeRefusedASend() throws Exception {
        Credentials broke = DevAccounts.deriveKey(10);
        String address = org.web3j.crypto.Keys.toChecksumAddress(broke.getAddress());
        chain.node().setBalance(address, BigInteger.ZERO);
        try (Web3ChainClient client = connectThroughProxy(broke)) {
            assertThatThrownBy(() -> client.approve(rp, BigInteger.ONE))
                    .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
                        assertThat(e.getMessage())
                                .contains("the node refused the transaction")
                                .containsIgnoringCase("funds")
                                .contains("nothing was sent");
                        assertThat(e.txHash()).isEmpty();
                    });

            chain.node().setBalance(address, tokens(1));
            client.approve(rp, BigInteger.ONE);

            assertThat(pendingNonce(chain, address)).isEqualTo(BigInteger.ONE);
            assertThat(client.allowance(address, rp)).isEqualTo(BigInteger.ONE);
        }
    }

    // ------------------------------------------------------------------ startup

    @Test
    void shouldCheckTheNodeAndReadEveryAddressInOneRequestWhenConnecting() throws Exception {
        try (FlakyRpcProxy counting = FlakyRpcProxy.start(chain.node().rpcUrl());
                Web3ChainClient client = Web3ChainClient.connect(
                        properties(counting.url(), chain, DevAccounts.mediator().credentials()))) {

            assertThat(counting.requests()).isEqualTo(1);
            assertThat(client.addresses().token()).isEqualTo(chain.addresses().token());
            assertThat(client.addresses().storage()).isEqualTo(chain.addresses().storage());
            assertThat(client.addresses().jobCreator())
                    .isEqualTo(chain.addresses().jobCreator());
        }
    }

    @Test
    void shouldReadTheAddressesOneByOneWhenTheNodeRefusesBatches() throws Exception {
        try (FlakyRpcProxy noBatches = FlakyRpcProxy.start(chain.node().rpcUrl())) {
            noBatches.refuseBatches();
            try (Web3ChainClient client = Web3ChainClient.connect(
                    properties(noBatches.url(), chain, DevAccounts.mediator().credentials()))) {

                assertThat(client.addresses().payments())
                        .isEqualTo(chain.addresses().payments());
                assertThat(client.addresses().users())
                        .isEqualTo(chain.addresses().users());
                assertThat(client.addresses().mediation())
                        .isEqualTo(chain.addresses().mediation());
                assertThat(client.tokenBalanceOf(rp)).isEqualTo(chain.tokensOf(rp));
                assertThat(noBatches.forwarded("eth_call")).isGreaterThanOrEqualTo(6);
            }
        }
    }

    @Test
    void shouldNameTheChainIdWhenTheNodeIsOnAnotherChain() {
        Web3Properties wrong = new Web3Properties(
                chain.node().rpcUrl(),
                ChainTestSupport.privateKeyHex(DevAccounts.jobCreator().credentials()),
                31337,
                chain.addresses().controller());

        assertThatThrownBy(() -> Web3ChainClient.connect(wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("WEB3_CHAIN_ID is 31337 but the node at ")
                .hasMessageEndingWith("is on chain 1337");
    }

    @Test
    void shouldNameTheControllerWhenNoContractIsThere() {
        Web3Properties wrong = new Web3Properties(
                chain.node().rpcUrl(),
                ChainTestSupport.privateKeyHex(DevAccounts.jobCreator().credentials()),
                1337,
                DevAccounts.directory().address());

        assertThatThrownBy(() -> Web3ChainClient.connect(wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WEB3_CONTROLLER_ADDRESS " + DevAccounts.directory().address()
                        + " holds no contract on chain 1337");
    }

    @Test
    void shouldFailWithChainUnavailableWhenNothingListensAtTheRpcUrl() {
        Web3Properties nowhere = new Web3Properties(
                "http://127.0.0.1:1",
                ChainTestSupport.privateKeyHex(DevAccounts.jobCreator().credentials()),
                1337,
                chain.addresses().controller());

        assertThatThrownBy(() -> Web3ChainClient.connect(
                        nowhere, ChainClientOptions.defaults().withRetry(QUICK)))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("read the chain id");
    }
}
