package org.coophive.common.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * One watcher of the chain's head for a whole service: its event streams wait for a new block
 * here instead of each polling the node, so every stream learns of a block at once and reads its
 * logs once per block.
 *
 * <p>Pushed when it can be: {@code eth_subscribe newHeads} over a WebSocket (Anvil and most nodes
 * serve it on the HTTP URL's host and port as {@code ws://}; the node sends each block as it is
 * mined). Polled otherwise: the latest block read every {@code pollInterval}, listeners told when
 * its hash changes (a rollback to the same height too). A socket that drops falls back to polling
 * at once and is opened again every {@link #RECONNECT_EVERY}; a node without one (HTTP only) is
 * polled for good. Listeners are hints only ("look now"): each stream still polls by itself now and
 * then, which covers a socket that stays open but goes quiet.
 */
public final class ChainHeads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChainHeads.class);

    /** How often a dropped socket is opened again while the head is polled. */
    static final Duration RECONNECT_EVERY = Duration.ofSeconds(2);

    /** How many of the latest blocks' hashes {@link #knownHash} remembers. */
    static final int RECENT_BLOCKS = 128;

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web3j web3j;
    private final Optional<URI> webSocket;
    private final Duration pollInterval;
    private final String node;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private volatile ScheduledExecutorService executor;
    private boolean closed;

    /** The socket whose heads are pushed, null while polling. Executor thread writes; any thread reads. */
    private volatile HeadSocket socket;

    private volatile boolean everPushed;
    private long lastConnectAttempt;
    private String lastHash;

    /**
     * The last blocks of the latest head's branch, by number, as the heads told them (each head
     * gives its own hash and its parent's); a head that does not link to them replaces them.
     * Guarded by {@code lock}.
     */
    private final NavigableMap<Long, Known> recent = new TreeMap<>();

    /** Completed by the next head seen (or the close), then replaced. Guarded by {@code lock}. */
    private CompletableFuture<Void> nextHead = new CompletableFuture<>();

    /** The latest head's time, null before the first. Guarded by {@code lock}. */
    private Instant latestTime;

    /** When the latest head was seen ({@link System#nanoTime()}). Guarded by {@code lock}. */
    private long latestSeenAt;

    /**
     * How recent a pushed head must be for {@link #latestTime} to stand for the node's latest block:
     * a socket can stay open and go quiet, and a deadline must not wait on a head that never comes.
     */
    static final Duration FRESH_HEAD = Duration.ofSeconds(1);

    /**
     * A block as a head told it: its hash, and its logs filter when the block was a head itself
     * (null for a parent named by its child).
     */
    private record Known(String hash, LogsBloom bloom) {}

    /**
     * @param web3j the node, read while the head is polled
     * @param webSocket where {@code newHeads} may be subscribed, empty to poll only
     * @param pollInterval how often the head is read while nothing pushes it
     * @param node the node's URL for log lines, without credentials
     */
    public ChainHeads(Web3j web3j, Optional<URI> webSocket, Duration pollInterval, String node) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.webSocket = Objects.requireNonNull(webSocket, "webSocket");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.node = Objects.requireNonNull(node, "node");
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    /**
     * The WebSocket URL of a JSON-RPC URL: itself for {@code ws://} and {@code wss://}, the same
     * host, port and path for {@code http://} and {@code https://}, empty for anything else.
     */
    public static Optional<URI> webSocketOf(String rpcUrl) {
        try {
            URI uri = URI.create(rpcUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            return switch (scheme) {
                case "ws", "wss" -> Optional.of(uri);
                case "http" -> Optional.of(withScheme(uri, "ws"));
                case "https" -> Optional.of(withScheme(uri, "wss"));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a URL: the client's own connection reports it
        }
    }

    private static URI withScheme(URI uri, String scheme) {
        return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
    }

    /**
     * Calls {@code listener} (on the watcher's thread or the socket's: it must return at once)
     * after every new head; the watcher starts with its first listener.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable onNewHead(Runnable listener) {
        Listener entry = new Listener(Objects.requireNonNull(listener, "listener"));
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the chain head watcher is closed");
            listeners.add(entry);
            if (executor == null) start();
        }
        return () -> listeners.remove(entry);
    }

    /**
     * The hash of block {@code number} on the branch of the latest head seen, when this watcher
     * knows it (empty otherwise: read it from the node). A hint as fresh as the last head: after
     * a rollback without a new block it still names the rolled-back block.
     */
    public Optional<String> knownHash(long number) {
        synchronized (lock) {
            return Optional.ofNullable(recent.get(number)).map(Known::hash);
        }
    }

    /**
     * Whether the heads told rule out any log of {@code probe} in blocks {@code from..to}: each of
     * them is known on the branch of the latest head seen (block {@code to} with hash {@code
     * toHash}) with a logs filter without the probe's bits. As fresh a hint as {@link #knownHash}.
     */
    boolean rulesOut(long from, long to, String toHash, LogsBloom.Probe probe) {
        synchronized (lock) {
            Known last = recent.get(to);
            if (last == null || !last.hash().equalsIgnoreCase(toHash)) return false;
            for (long number = from; number <= to; number++) {
                Known block = recent.get(number);
                if (block == null || block.bloom() == null || block.bloom().mayContain(probe)) return false;
            }
            return true;
        }
    }

    /**
     * The latest block's time while the node pushes heads and the last one came within {@link
     * #FRESH_HEAD} (a head is told as it is mined); empty otherwise, read it from the node (an idle
     * chain, or a socket gone quiet).
     */
    public Optional<Instant> latestTime() {
        if (!pushed()) return Optional.empty();
        synchronized (lock) {
            if (latestTime == null || System.nanoTime() - latestSeenAt > FRESH_HEAD.toNanos()) {
                return Optional.empty();
            }
            return Optional.of(latestTime);
        }
    }

    /**
     * Waits until a head newer than block {@code number} is seen, at most {@code max}; returns
     * false at once (without waiting) while the node does not push heads. Starts the watcher.
     *
     * @return whether the node pushes heads (true does not mean a newer head came: a hint only)
     */
    public boolean awaitNewer(long number, Duration max) throws InterruptedException {
        CompletableFuture<Void> next;
        synchronized (lock) {
            if (closed) return false;
            if (executor == null) start();
            if (!pushed()) return false;
            if (latestNumberLocked() > number) return true;
            next = nextHead;
        }
        // Parked on the head's future, not on the lock: a head wakes every waiter without a queue for it.
        try {
            next.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Not a head in time: the caller looks anyway.
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // never completed exceptionally
        }
        return true;
    }

    /** The number of the latest head seen, -1 before the first. */
    public long latestNumber() {
        synchronized (lock) {
            return latestNumberLocked();
        }
    }

    private long latestNumberLocked() {
        return recent.isEmpty() ? -1 : recent.lastKey();
    }

    /** Whether the node pushes heads now (false while polling). */
    public boolean pushed() {
        return socket != null;
    }

    private void start() {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chain-heads");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(() -> {
            if (!connect()) {
                if (webSocket.isPresent()) {
                    log.info(
                            "chain heads: no newHeads subscription at {}; reading the latest block every {} ms",
                            node,
                            pollInterval.toMillis());
                }
                poll();
            }
        });
    }

    /** Reads the latest block; wakes the listeners when it changed; goes on until a socket pushes. */
    private void poll() {
        if (isClosed() || socket != null) return;
        try {
            EthBlock response = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send();
            EthBlock.Block block = response.hasError() ? null : response.getBlock();
            if (block != null && block.getNumber() != null)
                headSeen(
                        block.getNumber().longValueExact(),
                        block.getHash(),
                        block.getParentHash(),
                        block.getTimestamp() == null ? -1 : block.getTimestamp().longValueExact(),
                        block.getLogsBloom());
        } catch (Exception e) {
            // The streams see the outage themselves (and back off); here the next read tries again.
            log.debug("chain heads: reading the latest block failed: {}", e.toString());
        }
        if (everPushed && System.nanoTime() - lastConnectAttempt >= RECONNECT_EVERY.toNanos() && connect()) return;
        schedule(this::poll, pollInterval);
    }

    /** Opens the socket and subscribes; true when heads are pushed from now on. Executor thread. */
    private boolean connect() {
        if (webSocket.isEmpty() || isClosed()) return false;
        lastConnectAttempt = System.nanoTime();
        HeadSocket candidate = new HeadSocket(webSocket.get());
        try {
            if (!candidate.connectBlocking(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                candidate.close();
                return false;
            }
            candidate.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}");
            if (!candidate.subscribed.await(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || !candidate.accepted) {
                candidate.close();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            candidate.close();
            return false;
        } catch (RuntimeException e) {
            candidate.close();
            return false;
        }
        synchronized (lock) {
            if (closed) {
                candidate.close();
                return false;
            }
            socket = candidate;
        }
        log.info("chain heads: new blocks pushed by {} (eth_subscribe newHeads)", node);
        everPushed = true;
        // Blocks mined while nothing watched: every stream looks once.
        wakeAll();
        return true;
    }

    /** The socket closed or failed: poll from now on, and try it again now and then. */
    private void socketLost(HeadSocket lost) {
        if (socket != lost || isClosed()) return;
        socket = null;
        lastConnectAttempt = System.nanoTime(); // a socket that just dropped is not opened again at once
        log.warn(
                "chain heads: the newHeads subscription at {} ended; reading the latest block every {} ms until it"
                        + " is back",
                node,
                pollInterval.toMillis());
        poll();
    }

    /**
     * @param time the block's timestamp (seconds), -1 when not told
     * @param logsBloom its logs filter as hex, null when not told
     */
    private void headSeen(long number, String hash, String parentHash, long time, String logsBloom) {
        if (hash == null || number < 0) return;
        LogsBloom bloom = LogsBloom.ofHex(logsBloom).orElse(null);
        CompletableFuture<Void> waited;
        synchronized (lock) {
            if (hash.equals(lastHash)) return;
            lastHash = hash;
            remember(number, new Known(hash, bloom), parentHash);
            latestTime = time < 0 ? null : Instant.ofEpochSecond(time);
            latestSeenAt = System.nanoTime();
            waited = nextHead;
            nextHead = new CompletableFuture<>();
        }
        waited.complete(null);
        wakeAll();
    }

    /** Records a new head; drops what it replaced (or everything, when it does not link). Under lock. */
    private void remember(long number, Known head, String parentHash) {
        Known parent = recent.get(number - 1);
        if (parent == null || !parent.hash().equalsIgnoreCase(String.valueOf(parentHash))) {
            recent.clear();
            if (parentHash != null && number > 0) recent.put(number - 1, new Known(parentHash, null));
        } else {
            recent.tailMap(number, true).clear();
        }
        recent.put(number, head);
        while (recent.size() > RECENT_BLOCKS) recent.pollFirstEntry();
    }

    private void wakeAll() {
        for (Listener listener : listeners) {
            try {
                listener.wake.run();
            } catch (RuntimeException e) { // one listener's failure must not keep the others asleep
                log.warn("chain heads: a listener failed: {}", e.toString());
            }
        }
    }

    private void schedule(Runnable task, Duration after) {
        try {
            executor.schedule(task, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing left to watch.
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** A hex quantity ({@code 0x1b}), -1 when it is not one. */
    private static long number(String hex) {
        if (!hex.startsWith("0x") || hex.length() < 3) return -1;
        try {
            return Long.parseLong(hex.substring(2), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops watching and closes the socket. Idempotent. */
    @Override
    public void close() {
        HeadSocket open;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            nextHead.complete(null); // waiters for a newer head
            open = socket;
            socket = null;
            if (executor != null) executor.shutdownNow();
        }
        listeners.clear();
        if (open != null) open.close();
    }

    private record Listener(Runnable wake) {
        @Override
        public boolean equals(Object other) {
            return this == other; // two registrations of one runnable are two entries
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** One WebSocket to the node with a {@code newHeads} subscription. */
    private final class HeadSocket extends WebSocketClient {

        final CountDownLatch subscribed = new CountDownLatch(1);
        volatile boolean accepted;

        HeadSocket(URI uri) {
            super(uri, new Draft_6455(), null, CONNECT_TIMEOUT_MILLIS);
            setDaemon(true);
            setConnectionLostTimeout(30);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            // The subscription is sent by connect().
        }

        @Override
        public void onMessage(String message) {
            JsonNode reply;
            try {
                reply = JSON.readTree(message);
            } catch (Exception e) {
                log.debug("chain heads: a message that is not JSON: {}", e.toString());
                return;
            }
            if (reply.has("id")) {
                accepted = reply.hasNonNull("result") && !reply.has("error");
                subscribed.countDown();
                return;
            }
            if ("eth_subscription".equals(reply.path("method").asText())) {
                JsonNode head = reply.path("params").path("result");
                headSeen(
                        number(head.path("number").asText("")),
                        head.path("hash").asText(null),
                        head.path("parentHash").asText(null),
                        number(head.path("timestamp").asText("")),
                        head.path("logsBloom").asText(null));
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            subscribed.countDown();
            lost();
        }

        @Override
        public void onError(Exception e) {
            log.debug("chain heads: socket error: {}", e.toString());
        }

        private void lost() {
            ScheduledExecutorService current = executor;
            if (current == null) return;
            try {
                current.execute(() -> socketLost(this));
            } catch (RejectedExecutionException e) {
                // Closed: nothing to fall back to.
            }
        }
    }
}
