package org.coophive.common.chain;

import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.util.List;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Builds clients and deals on a {@link ChainFixture} for the chain client's integration tests (and,
 * through the test-jar, for other modules' chain ITs: {@link #deal(String)}).
 */
public final class ChainTestSupport {

    public static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private ChainTestSupport() {}

    static String privateKeyHex(Credentials credentials) {
        return Numeric.toHexStringWithPrefixZeroPadded(
                credentials.getEcKeyPair().getPrivateKey(), 64);
    }

    static Web3Properties properties(ChainFixture chain, Credentials credentials) {
        return properties(chain.node().rpcUrl(), chain, credentials);
    }

    static Web3Properties properties(String rpcUrl, ChainFixture chain, Credentials credentials) {
        return new Web3Properties(
                rpcUrl,
                privateKeyHex(credentials),
                AnvilNode.CHAIN_ID,
                chain.addresses().controller());
    }

    static Web3ChainClient client(ChainFixture chain, DevAccount account) {
        return Web3ChainClient.connect(properties(chain, account.credentials()));
    }

    /**
     * A deal between the dev accounts with the reference suite's terms: price 10, payment
     * collateral 30, results collateral multiple 4, mediation fee 5, every timeout 100 s, submit and
     * judge collateral 10 (whole tokens).
     */
    public static DealTerms deal(String label) {
        return DealTerms.builder()
                .dealId(Bytes32.of(TestDeal.id(label)))
                .members(
                        DevAccounts.solver().address(),
                        DevAccounts.jobCreator().address(),
                        DevAccounts.resourceProvider().address(),
                        List.of(DevAccounts.mediator().address()))
                .agree(TestDeal.DEFAULT_TIMEOUT, BigInteger.ZERO)
                .submitResults(TestDeal.DEFAULT_TIMEOUT, tokens(10))
                .judgeResults(TestDeal.DEFAULT_TIMEOUT, tokens(10))
                .mediateResults(TestDeal.DEFAULT_TIMEOUT, BigInteger.ZERO)
                .pricing(tokens(10), tokens(30), BigInteger.valueOf(4), tokens(5))
                .build();
    }

    /** The hash of the chain's block at {@code number}. */
    static String blockHash(ChainFixture chain, long number) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send()
                .getBlock()
                .getHash();
    }

    /** The nonce the node will expect next from an address (counting pending transactions). */
    static BigInteger pendingNonce(ChainFixture chain, String address) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetTransactionCount(address, DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount();
    }

    static long blockNumber(ChainFixture chain) throws Exception {
        return chain.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    }
}
