package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of one cowsay job through the whole network, phase by phase, on a warm stack: Anvil,
 * the solver, the resource provider (real Docker), the mediator and the job creator daemon, each
 * its own JVM from its jar with the optimising compiler. Jobs are submitted one after another
 * through the daemon's REST API ({@code POST /api/v1/jobs}); two warm-up jobs are not counted.
 *
 * <p><b>Method.</b> Every figure comes from the job creator's phase timestamps, which the daemon
 * records when its engine observes each fact and serves as {@code phases[].at} in {@code GET
 * /api/v1/jobs/{id}} (the same phases as its SSE stream and {@code run --json}):
 *
 * <ul>
 *   <li>offer to match: {@code OFFER_POSTED} (the solver accepted the job offer) to {@code
 *       MATCHED} (the engine saw the solver's deal);
 *   <li>match to both agreed: {@code MATCHED} to {@code RUNNING} (the chain shows both parties'
 *       {@code agree}, the deal in DealAgreed);
 *   <li>agreed to results posted: {@code RUNNING} to {@code RESULTS_POSTED} (the chain shows the
 *       provider's {@code addResult}: the job ran in Docker, its tar was uploaded);
 *   <li>results to accepted: {@code RESULTS_POSTED} to {@code ACCEPTED} (result tar downloaded and
 *       checked against the data id on chain, {@code acceptResult} mined);
 *   <li>total: {@code OFFER_POSTED} to {@code ACCEPTED}.
 * </ul>
 *
 * Each is when the job creator learnt of the fact, so a phase includes its notification delay
 * (solver WebSocket events and chain {@code DealStateChange} polling hint the engine; its periodic
 * pass is 1 s here). Anvil mines each transaction at once. Median and 95th percentile (nearest
 * rank) over {@code benchmark.jobs} jobs (default 20). Target: total median under 2 s.
 *
 * <p>Run: {@code ./mvnw -o -pl system-tests verify -Dit.test=JobLatencyBenchmarkIT} (the services
 * built first; {@code -Dbenchmark.jobs=50} for more jobs).
 */
class JobLatencyBenchmarkIT {

    private static final int JOBS = Integer.getInteger("benchmark.jobs", 20);
    private static final int WARMUP = 2;

    enum Span {
        OFFER_TO_MATCH("offer to match", "OFFER_POSTED", "MATCHED"),
        MATCH_TO_AGREED("match to both agreed", "MATCHED", "RUNNING"),
        AGREED_TO_RESULTS("agreed to results posted", "RUNNING", "RESULTS_POSTED"),
        RESULTS_TO_ACCEPTED("results to accepted", "RESULTS_POSTED", "ACCEPTED"),
        TOTAL("total", "OFFER_POSTED", "ACCEPTED");

        final String label;
        final String from;
        final String to;

        Span(String label, String from, String to) {
            this.label = label;
            this.from = from;
            this.to = to;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldPrintThePhaseLatenciesOfCowsayJobsOnAWarmStack() throws Exception {
        System.setProperty("coophive.services.fullJit", "true");
        try (Stack stack = Stack.start("benchmark")) {
            stack.startDaemon();
            URI api = stack.daemon().url().resolve("/api/v1/jobs");
            Map<Span, long[]> samples = new EnumMap<>(Span.class);
            for (Span span : Span.values()) samples.put(span, new long[JOBS]);
            for (int i = 0; i < WARMUP + JOBS; i++) {
                JsonNode job = runJob(stack, api);
                if (i < WARMUP) continue;
                Map<String, Instant> at = phases(job);
                for (Span span : Span.values()) {
                    samples.get(span)[i - WARMUP] =
                            Duration.between(at.get(span.from), at.get(span.to)).toMillis();
                }
            }
            StringBuilder table = new StringBuilder(String.format(
                    "%n| phase (%d cowsay jobs, one at a time) | median ms | p95 ms |%n|---|---|---|%n", JOBS));
            for (Span span : Span.values()) {
                long[] sorted = samples.get(span).clone();
                Arrays.sort(sorted);
                table.append(String.format(
                        "| %s | %d | %d |%n", span.label, percentile(sorted, 0.50), percentile(sorted, 0.95)));
            }
            System.out.println(table);
        }
    }

    private JsonNode runJob(Stack stack, URI api) throws Exception {
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(api)
                        .header("Authorization", "Bearer " + Stack.API_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"moo\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = json.readTree(submitted.body()).get("id").asString();
        URI one = api.resolve("/api/v1/jobs/" + id);
        JsonNode job = Await.until("job " + id + " finished", Duration.ofSeconds(120), stack::logs, () -> {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(one)
                            .header("Authorization", "Bearer " + Stack.API_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode node = json.readTree(response.body());
            return node.path("status").asString().equals("FINISHED") ? node : null;
        });
        assertThat(job.get("outcome").asString()).as("%s%s", job, stack.logs()).isEqualTo("SUCCEEDED");
        return job;
    }

    private static Map<String, Instant> phases(JsonNode job) {
        Map<String, Instant> at = new java.util.HashMap<>();
        List<String> seen = new ArrayList<>();
        for (JsonNode phase : job.get("phases")) {
            at.putIfAbsent(
                    phase.get("phase").asString(), Instant.parse(phase.get("at").asString()));
            seen.add(phase.get("phase").asString());
        }
        for (Span span : Span.values()) {
            assertThat(at).as("phases of %s: %s", job.get("id"), seen).containsKeys(span.from, span.to);
        }
        return at;
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
