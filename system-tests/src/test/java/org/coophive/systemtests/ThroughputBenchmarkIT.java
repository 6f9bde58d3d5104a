package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many cowsay jobs per second the network carries: one warm stack (Anvil, the solver, the
 * mediator, the job creator daemon and real Docker, each service its own JVM with the optimising
 * compiler, the daemon and the providers at their default periods of 5 s and 10 s), with 1, then 2, then 4 resource providers of {@code benchmark.slots} slots each (4 by
 * default; the providers after the first use the extra dev accounts 8 and up, given tokens).
 *
 * <p><b>Load.</b> At each stage, {@code providers x slots} clients submit jobs through the daemon's
 * REST API ({@code POST /api/v1/jobs}), each its next one as soon as its last one finished (a
 * closed loop: the network is kept full, never flooded); a client learns that its job finished
 * from the job's event stream ({@code GET /api/v1/jobs/{id}/events}), then reads it once. Warm-up
 * jobs are not counted: a round of one job per client, then batches of {@code benchmark.warmupBatch}
 * (100) until the JVMs' CPU per job stops falling ({@link #warmUp}; at most {@code
 * benchmark.warmupMax}, 1,000, jobs), each batch printed, so the JIT has settled; then {@code
 * benchmark.jobs} jobs (200 by default) are counted.
 *
 * <p><b>Figures</b>, from the job creator's phase timestamps ({@code phases[].at}): <em>jobs/s
 * sustained</em> = jobs accepted after the first round (the pipeline full) divided by the time from
 * the first round's last acceptance to the last; <em>jobs/s overall</em> = jobs / (last accepted -
 * first submitted); latency = {@code SUBMITTED} to {@code ACCEPTED} of each job under that load,
 * median and 95th percentile (nearest rank); failures = jobs that did not end {@code SUCCEEDED}
 * (target zero), with their reasons. Target: at least 4 jobs/s with 4 providers. After each stage
 * it prints what a job cost, with the load average at the stretch's start and end: CPU time per
 * process (each service's JVM, Anvil), the Docker engine's share (dockerd, containerd, the shims
 * with their {@code runc} calls, the containers: {@link MachineCpu}), the benchmark's own clients,
 * the whole machine's busy time ({@code /proc/stat}) and what none of these names (the kernel,
 * other builds); RPCs Anvil served, HTTP requests the solver served and the Docker engine's events
 * for job containers, holders and outputs volumes, per job. JVM options for every service (e.g. a flight
 * recording each) go in {@code -Dcoophive.services.jvmArgs} (see {@link ServiceProcess}).
 *
 * <p>Run: {@code ./mvnw -o -pl system-tests verify -Dit.test=ThroughputBenchmarkIT} (the services
 * built first; {@code -Dbenchmark.jobs=400}, {@code -Dbenchmark.providers=1,2,4}, {@code
 * -Dbenchmark.slots=4}; {@code -Dbenchmark.projectDirs=/tmp/before,..} runs one stack after the other
 * with the jars of each folder's {@code <module>/target}, to compare builds in the same period).
 */
class ThroughputBenchmarkIT {

    private static final int JOBS = Integer.getInteger("benchmark.jobs", 200);
    private static final int SLOTS = Integer.getInteger("benchmark.slots", 4);
    private static final List<Integer> PROVIDERS = Arrays.stream(
                    System.getProperty("benchmark.providers", "1,2,4").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(3);
    /** Warm-up jobs per batch, and the most warm-up jobs before counting (see {@link #warmUp}). */
    private static final int WARMUP_BATCH = Integer.getInteger("benchmark.warmupBatch", 100);

    private static final int WARMUP_MAX = Integer.getInteger("benchmark.warmupMax", 1_000);

    /** One job as the daemon reported it at its end. */
    record Finished(String id, String outcome, String why, Instant submitted, Instant accepted) {
        long latencyMs() {
            return Duration.between(submitted, accepted).toMillis();
        }
    }

    /** One stage's figures. */
    record Stage(
            int providers,
            int clients,
            int jobs,
            double sustained,
            double overall,
            long p50,
            long p95,
            List<String> failures) {}

    /**
     * What the stack spent so far: CPU time per process (the services' JVMs by name, and Anvil),
     * RPCs Anvil served by method, HTTP requests the solver served by method and path (its
     * Prometheus counters).
     */
    record Costs(
            Map<String, Duration> cpu,
            Map<String, Long> rpcs,
            Map<String, Long> solverRequests,
            MachineCpu.Reading machine,
            Duration benchmark,
            String load) {

        /** CPU-ms per job the services' JVMs and Anvil used since {@code before}. */
        double servicesPerJob(Costs before, int jobs) {
            double total = 0;
            for (Map.Entry<String, Duration> e : cpu.entrySet())
                total += (e.getValue().toMillis()
                                - before.cpu()
                                        .getOrDefault(e.getKey(), Duration.ZERO)
                                        .toMillis())
                        / (double) jobs;
            return total;
        }

        /** CPU-ms per job the process {@code name} used since {@code before}. */
        double cpuPerJob(String name, Costs before, int jobs) {
            return (cpu.getOrDefault(name, Duration.ZERO).toMillis()
                            - before.cpu().getOrDefault(name, Duration.ZERO).toMillis())
                    / (double) jobs;
        }

        /** The difference to {@code before}, per job, as lines to print. */
        String perJob(Costs before, int jobs, int providers, Map<String, Long> dockerEvents, long stackShimsMs) {
            StringBuilder text = new StringBuilder(String.format(
                    "%nCosts per job with %d providers (%d jobs; CPU-ms per job, calls per job; load %s -> %s):%n",
                    providers, jobs, before.load(), load));
            for (Map.Entry<String, Duration> e : cpu.entrySet()) {
                double ms = (e.getValue().toMillis()
                                - before.cpu()
                                        .getOrDefault(e.getKey(), Duration.ZERO)
                                        .toMillis())
                        / (double) jobs;
                text.append(String.format("  cpu %-40s %8.1f ms%n", e.getKey(), ms));
            }
            double services = servicesPerJob(before, jobs);
            text.append(String.format("  cpu %-40s %8.1f ms%n", "total (services and Anvil)", services));
            double docker = 0;
            for (String part : List.of("dockerd", "containerd", "shims", "containers")) {
                if (!machine.ms().containsKey(part)) continue;
                double ms = (machine.get(part) - before.machine().get(part)) / (double) jobs;
                docker += ms;
                text.append(String.format("  cpu %-40s %8.1f ms%n", "docker: " + part, ms));
            }
            text.append(String.format("  cpu %-40s %8.1f ms%n", "docker: total (engine-wide)", docker));
            text.append(String.format(
                    "  cpu %-40s %8.1f ms%n",
                    "docker: shims of this stack's containers", stackShimsMs / (double) jobs));
            double clients = (benchmark.toMillis() - before.benchmark().toMillis()) / (double) jobs;
            text.append(String.format("  cpu %-40s %8.1f ms%n", "benchmark's clients (this JVM)", clients));
            double machineMs = (machine.get("machine") - before.machine().get("machine")) / (double) jobs;
            text.append(String.format(
                    "  cpu %-40s %8.1f ms%n",
                    "unnamed (kernel, other builds)", machineMs - services - docker - clients));
            text.append(String.format("  cpu %-40s %8.1f ms%n", "machine (/proc/stat, all CPUs)", machineMs));
            appendCalls(text, "rpc", rpcs, before.rpcs(), jobs);
            appendCalls(text, "solver http", solverRequests, before.solverRequests(), jobs);
            for (Map.Entry<String, Long> e : dockerEvents.entrySet())
                text.append(String.format("  docker event %-43s %8.2f%n", e.getKey(), e.getValue() / (double) jobs));
            return text.toString();
        }

        private static void appendCalls(
                StringBuilder text, String what, Map<String, Long> now, Map<String, Long> then, int jobs) {
            long sum = 0;
            for (Map.Entry<String, Long> e : now.entrySet()) {
                long calls = e.getValue() - then.getOrDefault(e.getKey(), 0L);
                sum += calls;
                if (calls > 0)
                    text.append(String.format("  %s %-50s %8.2f%n", what, e.getKey(), calls / (double) jobs));
            }
            text.append(String.format("  %s %-50s %8.2f%n", what, "total", sum / (double) jobs));
        }
    }

    private Costs costs(Stack stack) {
        Map<String, Duration> cpu = new java.util.TreeMap<>();
        for (ServiceProcess service : stack.services()) cpu.put(service.name(), service.cpu());
        cpu.put(
                "anvil",
                stack.chain().node().process().info().totalCpuDuration().orElse(Duration.ZERO));
        return new Costs(
                cpu,
                AnvilNode.rpcCalls(),
                solverRequests(stack),
                machine.read(),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
                loadAverage().split(" ")[0]);
    }

    /** The solver's {@code http_server_requests_seconds_count} by method and path. */
    private Map<String, Long> solverRequests(Stack stack) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try {
            String text = http.send(
                            HttpRequest.newBuilder(stack.solver().url().resolve("/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : text.split("\n")) {
                if (!line.startsWith("http_server_requests_seconds_count{")) continue;
                String labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
                String method = label(labels, "method");
                String uri = label(labels, "uri");
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                counts.merge(method + " " + uri, (long) value, Long::sum);
            }
        } catch (Exception e) {
            counts.put("(no metrics: " + e.getMessage() + ")", 0L);
        }
        return counts;
    }

    private static String label(String labels, String name) {
        int at = labels.indexOf(name + "=\"");
        if (at < 0) return "?";
        int from = at + name.length() + 2;
        return labels.substring(from, labels.indexOf('"', from));
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final MachineCpu machine = new MachineCpu();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldPrintJobsPerSecondWithOneTwoAndFourProviders() throws Exception {
        System.setProperty("coophive.services.fullJit", "true");
        // Builds to compare, run one after the other in this JVM (e.g. "before,after,before,after"
        // as project folders whose */target hold the services' jars); by default the reactor's.
        String builds = System.getProperty("benchmark.projectDirs", "");
        // JVM options to compare, run one after the other (e.g. "-XX:+UseSerialGC;;-XX:+UseSerialGC;"
        // alternates Serial GC with the defaults), each as coophive.services.jvmArgs; with builds
        // too, each set of options runs every build.
        String variants = System.getProperty("benchmark.jvmVariants", "");
        List<String> dirs = builds.isBlank() ? Collections.singletonList(null) : List.of(builds.split(","));
        List<String> options = variants.isBlank() ? Collections.singletonList(null) : List.of(variants.split(";", -1));
        if (dirs.size() == 1 && options.size() == 1 && dirs.get(0) == null && options.get(0) == null) {
            System.out.println(table(stack()));
        } else {
            StringBuilder all = new StringBuilder();
            for (String option : options) {
                for (String dir : dirs) {
                    all.append("\nservices");
                    if (dir != null) {
                        System.setProperty("coophive.project.dir", dir.strip());
                        all.append(" from ").append(dir.strip());
                    }
                    if (option != null) {
                        System.setProperty("coophive.services.jvmArgs", option.strip());
                        all.append(" with JVM options [").append(option.strip()).append(']');
                    }
                    all.append(table(stack()));
                    System.out.println(all);
                }
            }
        }
        System.out.println("load average after the run: " + loadAverage());
    }

    /** One stack through every stage. */
    private List<Stage> stack() throws Exception {
        List<Stage> stages = new ArrayList<>();
        try (Stack stack = Stack.chainAndSolver("throughput")) {
            stack.providerEnvironment().put("OFFER_COUNT", String.valueOf(SLOTS));
            // Each service at its default period, as users run them (the stack's tests use 1 s).
            stack.providerEnvironment().put("RECONCILE_INTERVAL", "10s");
            stack.startProvider();
            stack.startMediator();
            stack.startDaemon(Map.of("JOBCREATOR_PASS_INTERVAL", "5s"));
            URI api = stack.daemon().url().resolve("/api/v1/jobs");
            int running = 1;
            int nextAccount = 8;
            for (int providers : PROVIDERS) {
                while (running < providers) {
                    stack.startMoreProvider(nextAccount++, Map.of());
                    running++;
                }
                int clients = providers * SLOTS;
                warmUp(stack, api, clients);
                DockerEvents events = DockerEvents.follow();
                Costs before = costs(stack);
                Map<String, Long> shimsBefore = machine.shimsByContainer();
                Instant start = Instant.now();
                List<Finished> done = runJobs(stack, api, clients, JOBS);
                Costs after = costs(stack);
                System.out.println("counted jobs from " + start + " to " + Instant.now());
                // The providers' owner label holds their data folders, under this module's target.
                Map<String, Long> engine = events.stopAndCount(Path.of("target", "system-tests")
                        .toAbsolutePath()
                        .normalize()
                        .toString());
                stages.add(stage(providers, clients, done));
                System.out.println(table(stages));
                long stackShims = machine.shimsOf(events.containers())
                        - shimsBefore.entrySet().stream()
                                .filter(e -> events.containers().contains(e.getKey()))
                                .mapToLong(Map.Entry::getValue)
                                .sum();
                System.out.println(after.perJob(before, done.size(), providers, engine, stackShims));
            }
        }
        return stages;
    }

    /**
     * Jobs not counted, until the services' JIT has settled: at least one round of one job per
     * client, then batches of {@link #WARMUP_BATCH} jobs until the JVMs' CPU per job has twice in a
     * row not fallen 5% below the best batch so far (or {@link #WARMUP_MAX} jobs), each batch
     * printed. Measured on the 2-core machine, the JVMs took 600-700 jobs to settle (their compilers
     * still took a fifth of their CPU after 200), and one batch's figure varies by about 10%. Anvil
     * is left out of the rule: its CPU per block grows with the chain's length (see
     * docs/BENCHMARKS.md).
     */
    private void warmUp(Stack stack, URI api, int clients) throws Exception {
        runJobs(stack, api, clients, clients);
        int jobs = clients;
        double best = Double.MAX_VALUE;
        int notFalling = 0;
        while (jobs < WARMUP_MAX && notFalling < 2) {
            Costs before = costs(stack);
            runJobs(stack, api, clients, WARMUP_BATCH);
            jobs += WARMUP_BATCH;
            Costs after = costs(stack);
            double jvms = after.servicesPerJob(before, WARMUP_BATCH) - after.cpuPerJob("anvil", before, WARMUP_BATCH);
            System.out.printf(
                    "warm-up: %d jobs, the last %d at %.1f CPU-ms per job (the services' JVMs), load %s%n",
                    jobs, WARMUP_BATCH, jvms, loadAverage());
            notFalling = jvms < best * 0.95 ? 0 : notFalling + 1;
            best = Math.min(best, jvms);
        }
    }

    /** {@code jobs} jobs by {@code clients} clients, each submitting its next job when its last one ended. */
    private List<Finished> runJobs(Stack stack, URI api, int clients, int jobs) throws Exception {
        AtomicInteger tickets = new AtomicInteger(jobs);
        List<Finished> done = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(machine::sample, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    while (tickets.getAndDecrement() > 0) done.add(runJob(stack, api));
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get();
        } finally {
            pool.shutdownNow();
            sampler.shutdownNow();
        }
        return done;
    }

    private Finished runJob(Stack stack, URI api) throws Exception {
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
        HttpRequest poll = HttpRequest.newBuilder(api.resolve("/api/v1/jobs/" + id))
                .header("Authorization", "Bearer " + Stack.API_TOKEN)
                .build();
        long deadline = System.nanoTime() + JOB_DEADLINE.toNanos();
        while (true) {
            // The job's phase events (server-sent), to their end after FINISHED: a client that waits
            // this way costs the daemon one request per job, where polling every 100 ms cost
            // hundreds, and most of the daemon's CPU under this load.
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    http.send(
                            HttpRequest.newBuilder(api.resolve("/api/v1/jobs/" + id + "/events"))
                                    .header("Authorization", "Bearer " + Stack.API_TOKEN)
                                    .timeout(Duration.ofNanos(left))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (java.net.http.HttpTimeoutException e) {
                    // Past the deadline: the job's state below says how far it got.
                }
            }
            JsonNode job = json.readTree(
                    http.send(poll, HttpResponse.BodyHandlers.ofString()).body());
            if (job.path("status").asString().equals("FINISHED")) {
                Instant at = null;
                Instant accepted = null;
                for (JsonNode phase : job.get("phases")) {
                    Instant when = Instant.parse(phase.get("at").asString());
                    if (phase.get("phase").asString().equals("SUBMITTED") && at == null) at = when;
                    if (phase.get("phase").asString().equals("ACCEPTED") && accepted == null) accepted = when;
                }
                return new Finished(
                        id,
                        job.path("outcome").asString(),
                        job.path("message").asString(job.path("outcome").asString()),
                        at,
                        accepted != null ? accepted : Instant.now());
            }
            if (System.nanoTime() > deadline) {
                return new Finished(
                        id, "NOT_FINISHED", "not finished within " + JOB_DEADLINE, Instant.now(), Instant.now());
            }
            Thread.sleep(100); // the stream ended early (a dropped connection): follow it again
        }
    }

    private static Stage stage(int providers, int clients, List<Finished> done) {
        List<String> failures = done.stream()
                .filter(f -> !f.outcome().equals("SUCCEEDED"))
                .map(f -> f.id() + ": " + f.outcome() + " " + f.why())
                .toList();
        List<Finished> ok =
                done.stream().filter(f -> f.outcome().equals("SUCCEEDED")).toList();
        long[] accepted =
                ok.stream().mapToLong(f -> f.accepted().toEpochMilli()).sorted().toArray();
        long firstSubmitted =
                done.stream().mapToLong(f -> f.submitted().toEpochMilli()).min().orElse(0);
        int full = Math.min(clients, accepted.length - 1);
        double sustained = accepted.length - 1 > full
                ? (accepted.length - 1 - full) * 1000.0 / (accepted[accepted.length - 1] - accepted[full])
                : 0;
        double overall =
                accepted.length == 0 ? 0 : accepted.length * 1000.0 / (accepted[accepted.length - 1] - firstSubmitted);
        long[] latencies = ok.stream().mapToLong(Finished::latencyMs).sorted().toArray();
        return new Stage(
                providers,
                clients,
                done.size(),
                sustained,
                overall,
                percentile(latencies, 0.50),
                percentile(latencies, 0.95),
                failures);
    }

    private static String table(List<Stage> stages) {
        StringBuilder table = new StringBuilder(String.format(
                "%n| providers x slots | clients | jobs | jobs/s sustained | jobs/s overall | latency p50 ms | latency p95 ms | failures |%n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|%n"));
        for (Stage s : stages) {
            table.append(String.format(
                    "| %d x %d | %d | %d | %.2f | %.2f | %d | %d | %d |%n",
                    s.providers(),
                    SLOTS,
                    s.clients(),
                    s.jobs(),
                    s.sustained(),
                    s.overall(),
                    s.p50(),
                    s.p95(),
                    s.failures().size()));
        }
        for (Stage s : stages) {
            for (String failure : s.failures())
                table.append("failed (")
                        .append(s.providers())
                        .append(" providers): ")
                        .append(failure)
                        .append('\n');
        }
        table.append("load average: ").append(loadAverage()).append('\n');
        return table.toString();
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip()
                    .split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
