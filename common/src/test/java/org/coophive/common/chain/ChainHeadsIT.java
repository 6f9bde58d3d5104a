package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
import org.coophive.contracts.testing.ChainFixture;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * The one watcher of the chain's head per service: new blocks pushed by the node over its
 * WebSocket, the head read at an interval when the node has none, and a dropped socket replaced
 * by reading until it is back.
 */
class ChainHeadsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Longer than any test: a listener woken within one was woken by a push. */
    private static final Duration NEVER = Duration.ofHours(1);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @Test
    void shouldWakeItsListenersOnEveryBlockThePushesOverTheNodesWebSocket() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        try (ChainHeads heads = new ChainHeads(
                chain.chain().web3j(), ChainHeads.webSocketOf(chain.node().rpcUrl()), NEVER, "anvil")) {
            heads.onNewHead(woken::incrementAndGet);
            Await.until(WAIT, "the newHeads subscription", heads::pushed);
            int before = woken.get();

            chain.node().mine();
            Await.until(WAIT, "a wake for the mined block", () -> woken.get() > before);
            chain.node().mine();
            Await.until(WAIT, "a wake for the next block", () -> woken.get() > before + 1);
        }
    }

    @Test
    void shouldKnowTheHashesOfThePushedBlocksAndForgetThoseOfABranchReplaced() throws Exception {
        try (ChainHeads heads = new ChainHeads(
                chain.chain().web3j(), ChainHeads.webSocketOf(chain.node().rpcUrl()), NEVER, "anvil")) {
            AtomicInteger woken = new AtomicInteger();
            heads.onNewHead(woken::incrementAndGet);
            Await.until(WAIT, "the newHeads subscription", heads::pushed);
            String fork = chain.node().snapshot();
            int before = woken.get();
            chain.node().mine();
            chain.node().mine();
            Await.until(WAIT, "both blocks pushed", () -> woken.get() >= before + 2);
            long top = heads.latestNumber();
            assertThat(top).isEqualTo(blockNumber());
            assertThat(heads.knownHash(top)).contains(hash(top));
            assertThat(heads.knownHash(top - 1)).contains(hash(top - 1));
            String rolledBack = heads.knownHash(top).orElseThrow();

            chain.node().revert(fork);
            int beforeAgain = woken.get();
            chain.node().increaseTime(60); // another block at the rolled-back height
            chain.node().mine();
            Await.until(WAIT, "the new branch's block pushed", () -> woken.get() > beforeAgain);

            long now = heads.latestNumber();
            assertThat(now).isEqualTo(top - 1).isEqualTo(blockNumber());
            assertThat(heads.knownHash(now)).contains(hash(now));
            assertThat(heads.knownHash(top)).as("the rolled-back block").isEmpty();
            assertThat(heads.knownHash(now)).isNotEqualTo(Optional.of(rolledBack));
        }
    }

    @Test
    void shouldTellTheLatestBlocksTimeOnlyWhileItsHeadIsFresh() throws Exception {
        try (ChainHeads heads = new ChainHeads(
                chain.chain().web3j(), ChainHeads.webSocketOf(chain.node().rpcUrl()), NEVER, "anvil")) {
            AtomicInteger woken = new AtomicInteger();
            heads.onNewHead(woken::incrementAndGet);
            Await.until(WAIT, "the newHeads subscription", heads::pushed);
            int before = woken.get();
            chain.node().increaseTime(3_600);
            chain.node().mine();
            Await.until(WAIT, "the mined block pushed", () -> woken.get() > before);

            assertThat(heads.latestTime()).contains(blockTime(blockNumber()));
            // Nothing mined since: after a while the head may be stale (a quiet socket), so it is not told.
            Await.until(
                    WAIT, "the head no longer fresh", () -> heads.latestTime().isEmpty());
        }
    }

    private static Instant blockTime(long number) throws Exception {
        return Instant.ofEpochSecond(chain.chain()
                .web3j()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send()
                .getBlock()
                .getTimestamp()
                .longValueExact());
    }

    private static long blockNumber() throws Exception {
        return chain.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private static String hash(long number) throws Exception {
        return ChainTestSupport.blockHash(chain, number);
    }

    @Test
    void shouldReadTheHeadAtItsIntervalWhenTheNodeHasNoWebSocket() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        try (ChainHeads heads =
                new ChainHeads(chain.chain().web3j(), Optional.empty(), Duration.ofMillis(20), "anvil")) {
            heads.onNewHead(woken::incrementAndGet);
            Await.until(WAIT, "the first head read", () -> woken.get() > 0);
            int before = woken.get();

            chain.node().mine();

            Await.until(WAIT, "a wake for the mined block", () -> woken.get() > before);
            assertThat(heads.pushed()).isFalse();
        }
    }

    @Test
    void shouldReadTheHeadWhileTheSocketIsGoneAndSubscribeAgainWhenItAnswers() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        try (FakeHeadsNode node = FakeHeadsNode.listening();
                ChainHeads heads =
                        new ChainHeads(chain.chain().web3j(), Optional.of(node.uri()), Duration.ofMillis(20), "fake")) {
            heads.onNewHead(woken::incrementAndGet);
            Await.until(WAIT, "the newHeads subscription", heads::pushed);
            int pushed = woken.get();
            node.pushHead("0x01");
            Await.until(WAIT, "a wake for the pushed head", () -> woken.get() > pushed);

            node.dropConnections();
            Await.until(WAIT, "reading the head once the socket dropped", () -> !heads.pushed());
            int polled = woken.get();
            chain.node().mine(); // on the node read over HTTP, which the socket never announces
            Await.until(WAIT, "a wake for the block read", () -> woken.get() > polled);

            Await.until(WAIT, "the subscription again", heads::pushed);
            assertThat(node.subscriptions.get()).isEqualTo(2);
            int again = woken.get();
            node.pushHead("0x02");
            Await.until(WAIT, "a wake for the head pushed on the new socket", () -> woken.get() > again);
        }
    }

    @Test
    void shouldGiveTheWebSocketUrlOfAnRpcUrl() {
        assertThat(ChainHeads.webSocketOf("http://127.0.0.1:8545")).contains(URI.create("ws://127.0.0.1:8545"));
        assertThat(ChainHeads.webSocketOf("https://node.example/v3/key"))
                .contains(URI.create("wss://node.example/v3/key"));
        assertThat(ChainHeads.webSocketOf("ws://127.0.0.1:8546")).contains(URI.create("ws://127.0.0.1:8546"));
        assertThat(ChainHeads.webSocketOf("ipc:///tmp/geth.ipc")).isEmpty();
    }

    /** A node's WebSocket that accepts {@code newHeads} subscriptions and pushes heads on demand. */
    private static final class FakeHeadsNode extends WebSocketServer implements AutoCloseable {

        final AtomicInteger subscriptions = new AtomicInteger();

        private FakeHeadsNode() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        static FakeHeadsNode listening() throws Exception {
            FakeHeadsNode node = new FakeHeadsNode();
            node.setDaemon(true);
            node.start();
            Await.until(WAIT, "the fake node to listen", () -> node.getPort() > 0);
            return node;
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + getPort());
        }

        void pushHead(String hash) {
            broadcast("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0x1\","
                    + "\"result\":{\"hash\":\"" + hash + "\",\"number\":\"0x1\"}}}");
        }

        void dropConnections() {
            getConnections().forEach(WebSocket::close);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {}

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onMessage(WebSocket conn, String message) {
            if (message.contains("\"eth_subscribe\"")) {
                subscriptions.incrementAndGet();
                conn.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}");
            }
        }

        @Override
        public void onError(WebSocket conn, Exception e) {}

        @Override
        public void onStart() {}

        @Override
        public void close() throws Exception {
            stop(1_000);
        }
    }
}
