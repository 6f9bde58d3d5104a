package org.coophive.contracts.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.contracts.DevAccounts;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * An Anvil dev chain on a free loopback port, started from the contracts module's npm install,
 * with the public test mnemonic and chain id 1337. Offers snapshots and time travel. Close it to
 * stop the process.
 */
public final class AnvilNode implements AutoCloseable {

    /** System property naming the Anvil binary; set by the build for every module's tests. */
    public static final String BINARY_PROPERTY = "coophive.anvil.binary";

    public static final long CHAIN_ID = 1337;

    /**
     * The EVM the node runs: the contracts' own ({@code evmVersion} in {@code scripts/compile.js}),
     * as the stack's chain and the {@code coophive/anvil} image run it. Anvil's default, the latest
     * fork, keeps every block's hash in the storage of a system contract (EIP-2935, from Prague) and
     * hashes that storage again for each block's state root: mining costs grow with the chain
     * (from 0.5 to 6 CPU-ms per empty block over 3,000 blocks), while on Cancun they stay flat.
     */
    public static final String HARDFORK = "cancun";

    private static final Path RELATIVE_BINARY = Paths.get("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Anvil prints the method of every RPC it serves on a line of its own. */
    private static final Pattern RPC_METHOD = Pattern.compile("(eth|net|web3|evm|anvil|debug|txpool)_[A-Za-z]+");
    /** RPCs served by the nodes of this JVM, by method (Anvil's output; for benchmarks). */
    private static final Map<String, Long> RPC_CALLS = new ConcurrentHashMap<>();

    private final Process process;
    private final String rpcUrl;
    private final Web3jService service;

    private AnvilNode(Process process, String rpcUrl) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.service = new HttpService(rpcUrl);
        // A test JVM that dies without closing the fixture must not leave Anvil running.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "anvil-stop"));
    }

    /** Starts a node and waits until it listens. */
    public static AnvilNode start() throws IOException {
        Path binary = findBinary();
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--chain-id",
                        Long.toString(CHAIN_ID),
                        "--mnemonic",
                        DevAccounts.MNEMONIC,
                        "--accounts",
                        "12",
                        "--balance",
                        "10000",
                        "--hardfork",
                        HARDFORK,
                        // Past the states of the last few hundred blocks (kept in memory) Anvil would write
                        // each evicted state to disk as JSON, a cost that grows with the contracts' storage.
                        "--max-persisted-states",
                        "0")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (RPC_METHOD.matcher(line).matches()) RPC_CALLS.merge(line, 1L, Long::sum);
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) address.complete("http://" + m.group(1) + ":" + m.group(2));
                        }
                        address.completeExceptionally(new IOException("anvil exited before listening"));
                    } catch (IOException e) {
                        // The stream closes when the process is destroyed: nothing left to drain.
                        address.completeExceptionally(e);
                    }
                },
                "anvil-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return new AnvilNode(process, address.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("anvil did not start from " + binary, e);
        }
    }

    static Path findBinary() throws IOException {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && Files.isExecutable(Paths.get(configured))) return Paths.get(configured);
        // Outside Maven (an IDE): look for the contracts module from the working directory up.
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(
                    dir.resolve(RELATIVE_BINARY), dir.resolve("contracts").resolve(RELATIVE_BINARY))) {
                if (Files.isExecutable(candidate)) return candidate;
            }
        }
        throw new IOException("no Anvil binary: run `npm ci` in contracts/ (or set -D" + BINARY_PROPERTY + ")");
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /** The node's process, e.g. to read its CPU time. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * How many RPCs the nodes started by this JVM served so far, by method (from Anvil's own log
     * of each call; a batch counts each of its calls): for benchmarks that count RPCs per job.
     */
    public static Map<String, Long> rpcCalls() {
        return new TreeMap<>(RPC_CALLS);
    }

    /** Takes a snapshot of the chain; {@link #revert} returns to it. */
    public String snapshot() throws IOException {
        return String.valueOf(call("evm_snapshot", List.of()));
    }

    /** Returns to a snapshot (which is consumed, as in Anvil). */
    public void revert(String snapshotId) throws IOException {
        Object reverted = call("evm_revert", List.of(snapshotId));
        if (!Boolean.TRUE.equals(reverted)) throw new IOException("evm_revert to " + snapshotId + " failed");
    }

    /** Moves the chain's clock forward; the next block carries the new time. */
    public void increaseTime(long seconds) throws IOException {
        call("evm_increaseTime", List.of(seconds));
    }

    /** Mines one block. */
    public void mine() throws IOException {
        call("evm_mine", List.of());
    }

    /** Gives an account ether (in wei) out of thin air. */
    public void setBalance(String address, java.math.BigInteger wei) throws IOException {
        call("anvil_setBalance", List.of(address, "0x" + wei.toString(16)));
    }

    /** Turns mining on each transaction on or off (off: transactions stay pending until {@link #mine}). */
    public void automine(boolean on) throws IOException {
        call("evm_setAutomine", List.of(on));
    }

    /** Removes a pending transaction from the node's pool, as a node that dropped it. */
    public void dropTransaction(String txHash) throws IOException {
        call("anvil_dropTransaction", List.of(txHash));
    }

    /** The hashes of the transactions of {@code from} that wait in the node's pool, ready to be mined. */
    public List<String> pendingTransactions(String from) throws IOException {
        Object content = call("txpool_content", List.of());
        List<String> hashes = new java.util.ArrayList<>();
        if (!(content instanceof java.util.Map<?, ?> pools)
                || !(pools.get("pending") instanceof java.util.Map<?, ?> pending)) {
            return hashes;
        }
        for (java.util.Map.Entry<?, ?> sender : pending.entrySet()) {
            if (!String.valueOf(sender.getKey()).equalsIgnoreCase(from)) continue;
            if (!(sender.getValue() instanceof java.util.Map<?, ?> byNonce)) continue;
            for (Object tx : byNonce.values()) {
                if (tx instanceof java.util.Map<?, ?> fields && fields.get("hash") != null) {
                    hashes.add(String.valueOf(fields.get("hash")));
                }
            }
        }
        return hashes;
    }

    /** The EVM fork the Anvil node at {@code rpcUrl} runs, as it names it ({@code anvil_nodeInfo}, e.g. "Cancun"). */
    public static String hardforkOf(String rpcUrl) throws IOException {
        HttpService node = new HttpService(rpcUrl);
        try {
            Object info = call(node, "anvil_nodeInfo", List.of());
            if (info instanceof Map<?, ?> fields && fields.get("hardFork") != null) {
                return String.valueOf(fields.get("hardFork"));
            }
            throw new IOException("anvil_nodeInfo of " + rpcUrl + " names no hardFork: " + info);
        } finally {
            node.close();
        }
    }

    private Object call(String method, List<?> params) throws IOException {
        return call(service, method, params);
    }

    private static Object call(Web3jService service, String method, List<?> params) throws IOException {
        RawResponse response = new Request<>(method, params, service, RawResponse.class).send();
        if (response.hasError()) {
            throw new IOException(method + " failed: " + response.getError().getMessage());
        }
        return response.getResult();
    }

    /** A JSON-RPC response whose result is whatever the node returned. */
    public static final class RawResponse extends Response<Object> {}

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
