package org.coophive.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Async;

/**
 * A Web3j client with the settings that make a local chain fast (receipts polled every 10 ms,
 * filters every 50 ms instead of web3j's 15 s), and the transaction managers built on it:
 * one {@link FastRawTransactionManager} per key, which tracks its nonce locally.
 */
public final class ChainConnection implements AutoCloseable {

    /** Gas limit for contract deployments; the largest contract needs about 2 M. */
    public static final BigInteger DEPLOY_GAS_LIMIT = BigInteger.valueOf(6_000_000);

    /** Gas limit for calls; the most expensive step (a first agree) needs about 170 k. */
    public static final BigInteger CALL_GAS_LIMIT = BigInteger.valueOf(1_500_000);

    private static final long RECEIPT_POLL_MILLIS = 10;
    private static final int RECEIPT_POLL_ATTEMPTS = 60_000;
    private static final long FILTER_POLL_MILLIS = 50;

    private final Web3j web3j;
    private final long chainId;

    private ChainConnection(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    /** Connects to an HTTP or WebSocket JSON-RPC URL. */
    public static ChainConnection open(String rpcUrl, long chainId) throws IOException {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        ScheduledExecutorService executor = Async.defaultExecutorService();
        if (rpcUrl.startsWith("ws://") || rpcUrl.startsWith("wss://")) {
            WebSocketService service = new WebSocketService(rpcUrl, false);
            try {
                service.connect();
            } catch (java.net.ConnectException e) {
                throw new IOException("cannot connect to " + rpcUrl, e);
            }
            return new ChainConnection(Web3j.build(service, FILTER_POLL_MILLIS, executor), chainId);
        }
        return new ChainConnection(Web3j.build(new HttpService(rpcUrl), FILTER_POLL_MILLIS, executor), chainId);
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    /** A nonce-tracking transaction manager for one key. Use one per key, shared by all its senders. */
    public FastRawTransactionManager transactionManager(Credentials credentials) {
        return new FastRawTransactionManager(
                web3j,
                credentials,
                chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    /** Gas for contract calls at the node's current gas price. */
    public ContractGasProvider callGas() throws IOException {
        return new StaticGasProvider(gasPrice(), CALL_GAS_LIMIT);
    }

    /** Gas for deployments at the node's current gas price. */
    public ContractGasProvider deployGas() throws IOException {
        return new StaticGasProvider(gasPrice(), DEPLOY_GAS_LIMIT);
    }

    private BigInteger gasPrice() throws IOException {
        // The quoted price as is: a legacy transaction pays all of it, and overpaying feeds the
        // node's price oracle (on Anvil, doubling it doubled the next quote, every transaction).
        return web3j.ethGasPrice().send().getGasPrice();
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
