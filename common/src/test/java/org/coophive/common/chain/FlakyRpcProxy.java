package org.coophive.common.chain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON-RPC proxy in front of a node that breaks chosen requests the way an outage does: it
 * drops the connection before forwarding ({@link Fault#REFUSE}: the node never saw the request)
 * or after forwarding ({@link Fault#LOSE_RESPONSE}: the node acted on it, the client never hears).
 */
final class FlakyRpcProxy implements AutoCloseable {

    /** How one request is broken. */
    enum Fault {
        REFUSE,
        LOSE_RESPONSE
    }

    /** Faults planned for any method. */
    static final String ANY = "*";

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI target;
    private final Map<String, Deque<Fault>> planned = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> broken = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean refuseBatches;

    private FlakyRpcProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FlakyRpcProxy start(String targetUrl) throws IOException {
        return new FlakyRpcProxy(targetUrl);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Breaks the next {@code times} requests of {@code method} ({@link #ANY} for every method). */
    synchronized void fail(String method, Fault fault, int times) {
        Deque<Fault> faults = planned.computeIfAbsent(method, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) faults.add(fault);
    }

    /** Forgets every planned fault. */
    synchronized void heal() {
        planned.clear();
    }

    private static final Pattern BASE_FEE = Pattern.compile("\"baseFeePerGas\"\\s*:\\s*\"0x[0-9a-fA-F]+\"");

    private volatile java.math.BigInteger baseFee;

    /**
     * Shows every block read ({@code eth_getBlockByNumber}) with this base fee: the market as the
     * client sees it rose (or, with null, is the node's again) while the node's own pool, unlike
     * geth's, would evict a transaction priced below it at the next block.
     */
    void showBaseFee(java.math.BigInteger fee) {
        baseFee = fee;
    }

    /** Answers every JSON-RPC batch with one error, as nodes without batch support do. */
    void refuseBatches() {
        refuseBatches = true;
    }

    /** How many HTTP requests came in (a batch is one). */
    int requests() {
        return requests.get();
    }

    /** How many requests of {@code method} reached the node. */
    int forwarded(String method) {
        return forwarded.getOrDefault(method, new AtomicInteger()).get();
    }

    /** How many requests of {@code method} were broken. */
    int broken(String method) {
        return broken.getOrDefault(method, new AtomicInteger()).get();
    }

    private synchronized Fault nextFault(String method) {
        for (String key : new String[] {method, ANY}) {
            Deque<Fault> faults = planned.get(key);
            if (faults != null && !faults.isEmpty()) return faults.poll();
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        if (refuseBatches && new String(body).stripLeading().startsWith("[")) {
            byte[] refusal =
                    "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}"
                            .getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, refusal.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(refusal);
            }
            return;
        }
        Matcher m = METHOD.matcher(new String(body));
        String method = m.find() ? m.group(1) : "?";
        Fault fault = nextFault(method);
        if (fault == Fault.REFUSE) {
            count(broken, method);
            cutOff(exchange);
            return;
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(target)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cutOff(exchange);
            return;
        }
        count(forwarded, method);
        if (fault == Fault.LOSE_RESPONSE) {
            count(broken, method);
            cutOff(exchange);
            return;
        }
        byte[] answer = response.body();
        java.math.BigInteger shown = baseFee;
        if (shown != null && method.equals("eth_getBlockByNumber")) {
            answer = BASE_FEE.matcher(new String(answer, java.nio.charset.StandardCharsets.UTF_8))
                    .replaceAll("\"baseFeePerGas\":\"0x" + shown.toString(16) + "\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.statusCode(), answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /**
     * Closes the connection without an answer: the client reads an unexpected end of stream.
     * (An exchange closed before its response headers were sent drops its connection.)
     */
    private static void cutOff(HttpExchange exchange) {
        exchange.close();
    }

    private static void count(Map<String, AtomicInteger> counts, String method) {
        counts.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
