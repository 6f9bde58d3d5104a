package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of one cowsay job through the whole network, phase by phase, on a warm stack: Anvil,
 * the solver, the resource provider (real Docker), the mediator and the job creator daemon, each
 * its own JVM from its jar with the optimising compiler. Jobs are submitted one after another
 * through the daemon's REST API ({@code POST /api/v1/jobs}); two warm-up jobs are not counted
 * ({@code -Dbenchmark.warmup=N} for more).
 *
 * <p><b>Method.</b> Every figure comes from the job creator's phase timestamps, which the daemon
 * records when its engine observes each fact and serves as {@code phases[].at} in {@code GET
 * /api/v1/jobs/{id}} (the same phases as its SSE stream and {@code run --json}):
 *
 * <ul>
 *   <li>submission to offer posted: {@code SUBMITTED} (the daemon took the API call) to {@code
 *       OFFER_POSTED} (the solver accepted the job offer);
 *   <li>offer to match: {@code OFFER_POSTED} (the solver accepted the job offer) to {@code
 *       MATCHED} (the engine saw the solver's deal);
 *   <li>match to both agreed: {@code MATCHED} to {@code RUNNING} (the chain shows both parties'
 *       {@code agree}, the deal in DealAgreed);
 *   <li>agreed to results posted: {@code RUNNING} to {@code RESULTS_POSTED} (the chain shows the
 *       provider's {@code addResult}: the job ran in Docker, its tar was uploaded);
 *   <li>results to accepted: {@code RESULTS_POSTED} to {@code ACCEPTED} (result tar downloaded and
 *       checked against the data id on chain, {@code acceptResult} mined);
 *   <li>offer to accepted: {@code OFFER_POSTED} to {@code ACCEPTED} (what this benchmark called
 *       its total before it counted from the submission);
 *   <li>total: {@code SUBMITTED} to {@code ACCEPTED}.
 * </ul>
 *
 * Each is when the job creator learnt of the fact, so a phase includes its notification delay
 * (solver WebSocket events and chain {@code DealStateChange} polling hint the engine; its periodic
 * pass is 1 s here). Anvil mines each transaction at once. Median and 95th percentile (nearest
 * rank) over {@code benchmark.jobs} jobs (default 20). Target: total median under 500 ms, p95
 * under 800 ms.
 *
 * <p>Run: {@code ./mvnw -o -pl system-tests verify -Dit.test=JobLatencyBenchmarkIT} (the services
 * built first; {@code -Dbenchmark.jobs=50} for more jobs).
 */
class JobLatencyBenchmarkIT {

    private static final int JOBS = Integer.getInteger("benchmark.jobs", 20);
    /**
     * Jobs run first and not counted: 2 by default (the processes started, their caches filled);
     * the JIT compilers take hundreds of jobs to settle (see ThroughputBenchmarkIT), so a larger
     * figure measures a network that has been running for a while.
     */
    private static final int WARMUP = Integer.getInteger("benchmark.warmup", 2);

    /** A row of the table: the time from one mark of a job to another, or a step's own duration. */
    record Span(String label, String from, String to) {
        static Span between(String label, String from, String to) {
            return new Span(label, from, to);
        }

        static Span step(String label, String step) {
            return new Span(label, step, null);
        }
    }

    /**
     * The rows, in the order time passes. Marks in capitals are the job creator's phases; {@code
     * rp ...} marks are the provider's log lines for the deal; steps are the durations the
     * executor's and the job creator's own log lines report.
     */
    static final List<Span> SPANS = List.of(
            Span.between("submission to offer posted (job creator)", "SUBMITTED", "OFFER_POSTED"),
            Span.between("offer to match (solver, then its event to the job creator)", "OFFER_POSTED", "MATCHED"),
            Span.between("match to both agreed (as the job creator sees it)", "MATCHED", "RUNNING"),
            Span.between("job creator: match to its agree mined", "MATCHED", "jc agree mined"),
            Span.between("job creator: its agree mined to both agreed noticed", "jc agree mined", "RUNNING"),
            Span.between("provider: match to its agree mined", "MATCHED", "rp agree mined"),
            Span.between("provider: its agree mined to both agreed noticed", "rp agree mined", "rp job started"),
            Span.between(
                    "notification: the job creator's agree mined to the provider's job started",
                    "jc agree mined",
                    "rp job started"),
            Span.step("provider: wait for the container prepared while the agreements mined", "prepared"),
            Span.step("provider: outputs volume (a spare made before the job, or made now)", "outputs"),
            Span.step("provider: container create", "create"),
            Span.step("provider: wait for the holder (none with a spare)", "holder"),
            Span.step("provider: container start", "start"),
            Span.step("provider: container run and wait", "run"),
            Span.step("provider: collect logs and outputs", "collect"),
            Span.step("provider: collect: the logs (alongside the outputs)", "logs"),
            Span.step("provider: collect: the outputs archive", "archive"),
            Span.step("provider: remove container, volume, holder (in the background after collect)", "remove"),
            Span.between("provider: job started to executor done (all of the above)", "rp job started", "rp executed"),
            Span.between("provider: package the result tar", "rp executed", "rp packaged"),
            Span.between("provider: upload the tar to the solver", "rp packaged", "rp uploaded"),
            Span.between("provider: post the result to the solver", "rp uploaded", "rp result posted"),
            Span.between("provider: addResult mined", "rp result posted", "rp addResult mined"),
            Span.between(
                    "job creator: result posted to its files fetched (download, verify, unpack below; ahead of addResult)",
                    "rp result posted",
                    "jc fetched"),
            Span.between("notification: addResult mined to the job creator", "rp addResult mined", "RESULTS_POSTED"),
            Span.between(
                    "job creator: results noticed to downloaded (fetched ahead: the chain's data id checked)",
                    "RESULTS_POSTED",
                    "DOWNLOADED"),
            Span.step("job creator: download", "download"),
            Span.step("job creator: verify", "verify"),
            Span.step("job creator: unpack", "unpack"),
            Span.between("job creator: downloaded to acceptResult mined", "DOWNLOADED", "jc acceptResult mined"),
            Span.between("job creator: acceptResult mined to accepted recorded", "jc acceptResult mined", "ACCEPTED"),
            Span.between("job creator: acceptResult mined", "DOWNLOADED", "ACCEPTED"),
            Span.between("offer to accepted (the total before issue 19)", "OFFER_POSTED", "ACCEPTED"),
            Span.between("**total, from the submission**", "SUBMITTED", "ACCEPTED"));

    /** The provider's log lines that mark a deal's progress: "deal {id}: {text}". */
    private static final Map<String, String> PROVIDER_MARKS = Map.of(
            "rp agree mined", "agree mined in transaction",
            "rp job started", "agreed on chain, job started",
            "rp packaged", "job succeeded, result data",
            "rp uploaded", "result tar uploaded",
            "rp result posted", "posted to the solver",
            "rp addResult mined", "addResult mined in transaction");

    private static final Pattern STEPS = Pattern.compile("\\(((?:[a-z]+ \\d+(?:, )?)+)\\)\\s*$");
    private static final Pattern REMOVED = Pattern.compile(" removed in (\\d+) ms");
    /** The job creator's line for a step mined: "job {id} deal {deal}: agree mined in 0x..". */
    private static final Pattern JC_MINED = Pattern.compile(": ([A-Za-z]+) mined in 0x");

    private static final Pattern JC_STEPS =
            Pattern.compile("\\(download (\\d+) ms, verify (\\d+) ms, unpack (\\d+) ms\\)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldPrintThePhaseLatenciesOfCowsayJobsOnAWarmStack() throws Exception {
        System.setProperty("coophive.services.fullJit", "true");
        try (Stack stack = Stack.start("benchmark")) {
            // The daemon's default period, as a deployment runs it: a submission that waits for
            // the next pass shows in the first row.
            stack.startDaemon(Map.of("JOBCREATOR_PASS_INTERVAL", "5s"));
            URI api = stack.daemon().url().resolve("/api/v1/jobs");
            List<JsonNode> jobs = new ArrayList<>();
            for (int i = 0; i < WARMUP + JOBS; i++) {
                JsonNode job = runJob(stack, api);
                if (i >= WARMUP) jobs.add(job);
            }
            List<String> providerLog = stack.provider().log().lines().toList();
            List<String> daemonLog = stack.daemon().log().lines().toList();
            Map<Span, List<Long>> samples = new LinkedHashMap<>();
            for (Span span : SPANS) samples.put(span, new ArrayList<>());
            for (JsonNode job : jobs) {
                Map<String, Instant> at = phases(job);
                String deal = job.get("deal_id").asString();
                at.putAll(providerMarks(providerLog, deal));
                Map<String, Long> steps = new HashMap<>(executorSteps(providerLog, deal, at));
                steps.putAll(jobCreatorSteps(daemonLog, deal));
                jobCreatorFetched(daemonLog, deal).ifPresent(fetched -> at.put("jc fetched", fetched));
                at.putAll(jobCreatorMined(daemonLog, job.get("id").asString()));
                for (Span span : SPANS) {
                    if (span.to() == null) {
                        if (steps.containsKey(span.from())) samples.get(span).add(steps.get(span.from()));
                    } else if (at.containsKey(span.from()) && at.containsKey(span.to())) {
                        samples.get(span)
                                .add(Duration.between(at.get(span.from()), at.get(span.to()))
                                        .toMillis());
                    }
                }
            }
            StringBuilder table = new StringBuilder(String.format(
                    "%n| phase (%d cowsay jobs, one at a time, after %d not counted) | median ms | p95 ms |%n|---|---:|---:|%n",
                    JOBS, WARMUP));
            for (Span span : SPANS) {
                long[] sorted = samples.get(span).stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray();
                table.append(
                        sorted.length == 0
                                ? String.format("| %s | - | - |%n", span.label())
                                : String.format(
                                        "| %s | %d | %d |%n",
                                        span.label(), percentile(sorted, 0.50), percentile(sorted, 0.95)));
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
        Map<String, Instant> at = new HashMap<>();
        List<String> seen = new ArrayList<>();
        for (JsonNode phase : job.get("phases")) {
            at.putIfAbsent(
                    phase.get("phase").asString(), Instant.parse(phase.get("at").asString()));
            seen.add(phase.get("phase").asString());
        }
        assertThat(at).as("phases of %s: %s", job.get("id"), seen).containsKeys("SUBMITTED", "ACCEPTED");
        return at;
    }

    /** The first time the provider logged each mark for {@code deal}. */
    private static Map<String, Instant> providerMarks(List<String> log, String deal) {
        Map<String, Instant> at = new HashMap<>();
        String prefix = "deal " + deal + ": ";
        for (String line : log) {
            int from = line.indexOf(prefix);
            if (from < 0) continue;
            String text = line.substring(from + prefix.length());
            PROVIDER_MARKS.forEach((mark, words) -> {
                if (text.contains(words)) at.putIfAbsent(mark, timeOf(line));
            });
        }
        return at;
    }

    /** The executor's line ending the run of {@code deal}: "job {deal} ... (outputs 12, create 40, ...)". */
    private static Map<String, Long> executorSteps(List<String> log, String deal, Map<String, Instant> at) {
        Map<String, Long> steps = new HashMap<>();
        for (String line : log) {
            if (!line.contains(" job " + deal + " module=")) continue;
            Matcher m = STEPS.matcher(line);
            if (!m.find()) continue;
            for (String step : m.group(1).split(", ")) {
                String[] nameAndMs = step.split(" ");
                steps.put(nameAndMs[0], Long.parseLong(nameAndMs[1]));
            }
            at.put("rp executed", timeOf(line));
        }
        // Removal is off the job's path: its own line, after the run's.
        for (String line : log) {
            Matcher m = REMOVED.matcher(line);
            if (line.contains(" job " + deal + " removed in ") && m.find()) {
                steps.putIfAbsent("remove", Long.parseLong(m.group(1)));
            }
        }
        return steps;
    }

    /** When each of the job creator's steps for a job was mined: "jc approve mined", "jc agree mined", ... */
    private static Map<String, Instant> jobCreatorMined(List<String> log, String jobId) {
        Map<String, Instant> at = new HashMap<>();
        Matcher m;
        for (String line : log) {
            if (!line.contains(" job " + jobId + " deal ") || !(m = JC_MINED.matcher(line)).find()) continue;
            at.putIfAbsent("jc " + m.group(1) + " mined", timeOf(line));
        }
        return at;
    }

    /** When the job creator had the deal's files: its "results downloaded" line. */
    private static Optional<Instant> jobCreatorFetched(List<String> log, String deal) {
        return log.stream()
                .filter(line -> line.contains(" deal " + deal + ": results downloaded"))
                .findFirst()
                .map(JobLatencyBenchmarkIT::timeOf);
    }

    private static Map<String, Long> jobCreatorSteps(List<String> log, String deal) {
        for (String line : log) {
            if (!line.contains(" deal " + deal + ": results downloaded")) continue;
            Matcher m = JC_STEPS.matcher(line);
            if (m.find()) {
                return Map.of(
                        "download", Long.parseLong(m.group(1)),
                        "verify", Long.parseLong(m.group(2)),
                        "unpack", Long.parseLong(m.group(3)));
            }
        }
        return Map.of();
    }

    /** A service log line starts with its ISO-8601 instant. */
    private static Instant timeOf(String line) {
        return Instant.parse(line.substring(0, line.indexOf(' ')));
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
