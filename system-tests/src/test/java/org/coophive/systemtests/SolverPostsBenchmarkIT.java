package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed offer posts per second against a running solver (its jar, embedded PostgreSQL, Anvil),
 * from a load generator on loopback. Half job offers, half resource offers, none matching (so
 * the offers pile up and every matching pass sees them all, as on a busy market).
 *
 * <p>Requests are signed and serialised before the clock starts and written on persistent
 * sockets ({@link KeepAliveConnection}): the figure is the solver's (verify the signature,
 * validate, store, answer, match), not the generator's signing or HTTP client, which share the
 * same two cores.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests && ./mvnw -pl system-tests verify
 * -Dit.test=SolverPostsBenchmarkIT} (add {@code -Dbenchmark.seconds=20 -Dbenchmark.clients=32}
 * to change the load).
 */
class SolverPostsBenchmarkIT {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 10);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 16);
    private static final int WARMUP = 2_000;
    private static final String HOST = "127.0.0.1";

    /** A whole HTTP request, signed and serialised before the clock starts. */
    record Signed(byte[] request) {}

    @Test
    void shouldPrintSignedOfferPostsPerSecond() throws Exception {
        // The solver as in production: with the optimising compiler.
        System.setProperty("coophive.services.fullJit", "true");
        // Two signers post tens of thousands of offers: the per-client limits are for the network,
        // not for measuring the solver's throughput.
        try (Stack stack =
                Stack.chainAndSolver("solver-posts", Map.of("SOLVER_RATE_LIMIT", "0", "SOLVER_MAX_OPEN_OFFERS", "0"))) {
            int port = URI.create(stack.solverUrl()).getPort();
            int total = WARMUP + SECONDS * 4_000;
            System.out.printf("signing %,d requests...%n", total);
            List<Signed> requests = sign(total, port);

            ConcurrentLinkedQueue<Signed> queue = new ConcurrentLinkedQueue<>(requests.subList(0, WARMUP));
            run(port, queue, CLIENTS, Long.MAX_VALUE, new long[WARMUP], new AtomicInteger(), new AtomicInteger());

            queue = new ConcurrentLinkedQueue<>(requests.subList(WARMUP, requests.size()));
            long[] latencies = new long[requests.size()];
            AtomicInteger done = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(SECONDS).toNanos();
            run(port, queue, CLIENTS, deadline, latencies, done, failed);
            double seconds = (System.nanoTime() - start) / 1e9;

            long[] measured = Arrays.copyOf(latencies, done.get());
            Arrays.sort(measured);
            System.out.printf(
                    "%n| solver: signed offer posts | clients | posts | seconds | posts/s | p50 ms | p99 ms | non-200 |%n"
                            + "|---|---|---|---|---|---|---|---|%n"
                            + "| measured | %d | %,d | %.1f | %,.0f | %.2f | %.2f | %d |%n%n",
                    CLIENTS,
                    done.get(),
                    seconds,
                    done.get() / seconds,
                    percentile(measured, 0.50) / 1e6,
                    percentile(measured, 0.99) / 1e6,
                    failed.get());
            assertThat(failed.get()).as("posts the solver refused").isZero();
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** Signed bodies in parallel: alternately a job offer and a resource offer, all different. */
    private static List<Signed> sign(int count, int port) {
        JsonMapper json = JsonMapper.builder().build();
        RequestSigner jc = new RequestSigner(DevAccounts.jobCreator().credentials());
        RequestSigner rp = new RequestSigner(DevAccounts.resourceProvider().credentials());
        long now = System.currentTimeMillis();
        return IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> {
                    boolean job = i % 2 == 0;
                    // Jobs ask for more CPU than any resource offer has: nothing matches.
                    Object offer = job ? Offers.job(now + i, 1_000_000) : Offers.resource(now + i, i, 1000);
                    String path = job ? "/api/v1/job_offers" : "/api/v1/resource_offers";
                    byte[] body = json.writeValueAsBytes(offer);
                    SignedRequestHeaders headers = (job ? jc : rp).sign("POST", path, "", body);
                    String[] pairs = headers.asMap().entrySet().stream()
                            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                            .toArray(String[]::new);
                    return new Signed(KeepAliveConnection.post(HOST, port, path, pairs, body));
                })
                .toList();
    }

    /** Posts from {@code clients} workers, one keep-alive connection each, until the queue is empty or the deadline passes. */
    private static void run(
            int port,
            ConcurrentLinkedQueue<Signed> queue,
            int clients,
            long deadline,
            long[] latencies,
            AtomicInteger done,
            AtomicInteger failed)
            throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(workers.submit(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(HOST, port)) {
                    Signed request;
                    while (System.nanoTime() < deadline && (request = queue.poll()) != null) {
                        long sent = System.nanoTime();
                        KeepAliveConnection.Response response = connection.exchange(request.request());
                        long elapsed = System.nanoTime() - sent;
                        if (response.status() != 200 && failed.incrementAndGet() == 1) {
                            System.out.println("first refusal: " + response.status() + " " + response.body());
                        }
                        latencies[done.getAndIncrement()] = elapsed;
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) future.get();
        workers.shutdown();
    }
}
