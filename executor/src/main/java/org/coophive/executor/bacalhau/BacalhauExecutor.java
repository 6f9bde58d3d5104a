package org.coophive.executor.bacalhau;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionException.Reason;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;
import org.coophive.executor.results.ResultUnpacker;
import org.coophive.executor.results.UnsafeResultEntryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs jobs on a Bacalhau network through its <b>v1 orchestrator REST API</b> (Bacalhau v1.x, as
 * documented by {@code pkg/swagger/swagger.json} of {@code bacalhau-project/bacalhau}), not
 * through the CLI as the Go reference did.
 *
 * <ol>
 *   <li>{@code PUT /api/v1/orchestrator/jobs} with a {@code PutJobRequest}: one batch job, one
 *       {@code docker} task with the spec's image, entrypoint ({@code command[0]}) and parameters
 *       (the rest), environment, CPU/memory/GPU, network {@code None} unless the spec asks
 *       ({@code Full}), the timeout as {@code ExecutionTimeout}, a {@code local} publisher and the
 *       outputs path as result path {@code outputs}.
 *   <li>{@code GET /api/v1/orchestrator/jobs/{id}} every poll interval until {@code
 *       Job.State.StateType} is {@code Completed}, {@code Failed} or {@code Stopped}; past the
 *       spec's timeout the job is stopped with {@code DELETE /api/v1/orchestrator/jobs/{id}} and
 *       reported as {@link Outcome#TIMED_OUT}.
 *   <li>{@code GET /api/v1/orchestrator/jobs/{id}/executions}: the {@code RunOutput} ({@code
 *       Stdout}, {@code stderr}, {@code ExitCode}) of the execution becomes {@code stdout}, {@code
 *       stderr} and {@code exitCode}.
 *   <li>{@code GET /api/v1/orchestrator/jobs/{id}/results}: each published result with a {@code
 *       Params.URL} (the local publisher's {@code .tar.gz}) is downloaded and its {@code outputs/}
 *       extracted, refusing links and paths that climb out; where {@code RunOutput} says stdout or
 *       stderr was truncated, the archive's complete copy is used.
 * </ol>
 *
 * <p>Instruction count: one per second of wall time from submission to the terminal state,
 * rounded up, at least 1 (the API reports no CPU time). Images are pulled by Bacalhau's compute
 * nodes under their own policy. <b>Not run against a live Bacalhau</b>: it could not be installed
 * where this was written; the tests use a local fake of the documented API.
 */
public final class BacalhauExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(BacalhauExecutor.class);
    private static final String JOBS = "/api/v1/orchestrator/jobs";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI api;
    private final HttpClient http;
    private final Duration pollInterval;
    private final JsonMapper mapper = JsonMapper.builder().build();

    /** An executor for the Bacalhau API at {@code api} (e.g. {@code http://127.0.0.1:1234}). */
    public BacalhauExecutor(URI api) {
        this(api, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofMillis(500));
    }

    /**
     * @param api the Bacalhau API's base URL
     * @param http the client to reach it with
     * @param pollInterval how often the job's state is asked for
     */
    public BacalhauExecutor(URI api, HttpClient http, Duration pollInterval) {
        Objects.requireNonNull(api, "api");
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.http = Objects.requireNonNull(http, "http");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    @Override
    public ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException {
        if (!job.privileges().none()) {
            // Bacalhau's job spec cannot say user, capabilities or a writable root: never run such
            // a job with less (or more) than it asked for.
            throw new ExecutionException(
                    Reason.NOT_GRANTED,
                    job.module() + " asks for " + job.privileges().describe()
                            + ", which the Bacalhau executor cannot give a job");
        }
        prepare(resultDir);
        String name = "coophive-" + UUID.randomUUID();
        long started = System.nanoTime();
        String jobId = submit(job, name);
        log.info("bacalhau job {} submitted for module {} (name {})", jobId, job.module(), name);
        boolean stopped = false;
        try {
            long deadline = started + job.timeout().toNanos();
            JobState state = state(jobId);
            while (!state.terminal()) {
                if (System.nanoTime() - deadline >= 0) {
                    stopped = true;
                    stop(jobId, "timed out after " + job.timeout());
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    log.info("bacalhau job {} timed out after {}; stopped", jobId, job.timeout());
                    writeTimedOut(jobId, resultDir);
                    return new ExecutionResult(resultDir, Outcome.TIMED_OUT, -1, instructions(elapsed), elapsed);
                }
                pause();
                state = state(jobId);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            JobState ended = state;
            log.info("bacalhau job {} ended {} {}", jobId, ended.type(), ended.message());
            RunOutput output = runOutput(jobId)
                    .orElseThrow(() -> new ExecutionException(
                            Reason.OTHER,
                            "Bacalhau job " + jobId + " ended " + ended.type() + " without running: "
                                    + ended.message()));
            if (ended.type().equalsIgnoreCase("Failed") && output.exitCode() == 0) {
                // The command succeeded but Bacalhau failed around it (e.g. publishing): no result.
                throw new ExecutionException(
                        Reason.OTHER,
                        "Bacalhau job " + jobId + " failed although its command exited 0: " + ended.message());
            }
            collectResults(jobId, resultDir, output);
            Outcome outcome = output.exitCode() == 0 ? Outcome.SUCCEEDED : Outcome.FAILED;
            return new ExecutionResult(resultDir, outcome, output.exitCode(), instructions(elapsed), elapsed);
        } catch (ExecutionException | RuntimeException e) {
            if (!stopped) stopQuietly(jobId);
            throw e;
        }
    }

    /** One per second of wall time, rounded up, at least 1. */
    static long instructions(Duration elapsed) {
        long millis = elapsed.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private void prepare(Path resultDir) throws ExecutionException {
        try {
            Files.createDirectories(resultDir);
            try (Stream<Path> entries = Files.list(resultDir)) {
                if (entries.findAny().isPresent()) {
                    throw new ExecutionException(
                            Reason.RESULT_DIRECTORY, "the result directory " + resultDir + " is not empty");
                }
            }
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY, "the result directory " + resultDir + " cannot be created", e);
        }
    }

    private String submit(JobSpec job, String name) throws ExecutionException {
        String body = mapper.writeValueAsString(BacalhauJobs.putJobRequest(mapper, job, name));
        HttpRequest request = request(JOBS)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE,
                    "Bacalhau at " + api + " refused the job for module " + job.module() + " (HTTP "
                            + response.statusCode() + "): " + response.body().strip());
        }
        JsonNode answer = parse(response, "PUT " + JOBS);
        String jobId = text(answer.path("JobID"));
        if (jobId.isEmpty()) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE, "Bacalhau at " + api + " accepted the job but sent no JobID: " + answer);
        }
        for (JsonNode warning : answer.path("Warnings").values()) {
            log.warn("bacalhau job {}: {}", jobId, text(warning));
        }
        return jobId;
    }

    private JobState state(String jobId) throws ExecutionException {
        JsonNode answer = getJson(jobPath(jobId));
        JsonNode state = answer.path("Job").path("State");
        return new JobState(JobState.type(state.path("StateType")), text(state.path("Message")));
    }

    private Optional<RunOutput> runOutput(String jobId) throws ExecutionException {
        JsonNode answer = getJson(jobPath(jobId) + "/executions");
        // Prefer a completed execution; otherwise the newest one that ran at all.
        return answer.path("Items").values().stream()
                .filter(execution -> execution.path("RunOutput").isObject())
                .sorted(Comparator.comparing((JsonNode execution) -> !"Completed"
                                .equalsIgnoreCase(JobState.executionType(
                                        execution.path("ComputeState").path("StateType"))))
                        .thenComparing(execution -> execution.path("ModifyTime").asLong(0), Comparator.reverseOrder()))
                .findFirst()
                .map(execution -> RunOutput.of(execution.path("RunOutput")));
    }

    private void collectResults(String jobId, Path resultDir, RunOutput output) throws ExecutionException {
        Path archive = resultDir.resolveSibling(resultDir.getFileName() + ".bacalhau-" + UUID.randomUUID());
        try {
            Files.createDirectories(archive);
            JsonNode results = getJson(jobPath(jobId) + "/results");
            for (JsonNode published : results.path("Items").values()) {
                String url = text(published.path("Params").path("URL"));
                if (url.startsWith("http://") || url.startsWith("https://")) {
                    download(URI.create(url), archive);
                } else {
                    log.warn(
                            "bacalhau job {}: result published as {} cannot be fetched; only URLs are supported",
                            jobId,
                            text(published.path("Type")));
                }
            }
            Path outputs = resultDir.resolve(BacalhauJobs.OUTPUTS);
            Path archivedOutputs = archive.resolve(BacalhauJobs.OUTPUTS);
            if (Files.isDirectory(archivedOutputs)) {
                Files.move(archivedOutputs, outputs, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createDirectories(outputs);
            }
            writeStream(resultDir, archive, "stdout", output.stdout(), output.stdoutTruncated());
            writeStream(resultDir, archive, "stderr", output.stderr(), output.stderrTruncated());
            Files.writeString(resultDir.resolve("exitCode"), Integer.toString(output.exitCode()));
        } catch (UnsafeResultEntryException e) {
            throw new ExecutionException(
                    Reason.OTHER,
                    "the result published by Bacalhau job " + jobId + " is refused: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY,
                    "the results of Bacalhau job " + jobId + " cannot be written to " + resultDir + ": "
                            + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(archive);
        }
    }

    private static void writeStream(Path resultDir, Path archive, String name, String fromApi, boolean truncated)
            throws IOException {
        Path complete = archive.resolve(name);
        if (truncated && Files.isRegularFile(complete)) {
            Files.move(complete, resultDir.resolve(name));
        } else {
            Files.writeString(resultDir.resolve(name), fromApi);
        }
    }

    private void writeTimedOut(String jobId, Path resultDir) throws ExecutionException {
        RunOutput partial;
        try {
            partial = runOutput(jobId).orElse(RunOutput.NONE);
        } catch (ExecutionException e) {
            // The job is already stopped; its partial logs are a courtesy, not part of the outcome.
            log.debug("no partial output for timed-out bacalhau job {}", jobId, e);
            partial = RunOutput.NONE;
        }
        try {
            Files.writeString(resultDir.resolve("stdout"), partial.stdout());
            Files.writeString(resultDir.resolve("stderr"), partial.stderr());
            Files.writeString(resultDir.resolve("exitCode"), "-1");
            Files.createDirectories(resultDir.resolve(BacalhauJobs.OUTPUTS));
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY, "the result directory " + resultDir + " cannot be written", e);
        }
    }

    private void download(URI url, Path archive) throws ExecutionException, IOException {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable("the published result " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(Reason.OTHER, "interrupted while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new ExecutionException(
                        Reason.ENGINE_UNAVAILABLE,
                        "the published result " + url + " answered HTTP " + response.statusCode());
            }
            ResultUnpacker.unpack(new GZIPInputStream(body), archive);
        }
    }

    private void stop(String jobId, String reason) throws ExecutionException {
        String path = jobPath(jobId) + "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(request(path).DELETE().build());
        if (response.statusCode() != 200) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE,
                    "Bacalhau did not stop job " + jobId + " (HTTP " + response.statusCode() + "): "
                            + response.body().strip());
        }
    }

    private void stopQuietly(String jobId) {
        try {
            stop(jobId, "coophive gave up on the job");
        } catch (ExecutionException | RuntimeException e) {
            // Already failing with a more telling error; Bacalhau's own timeout still ends the job.
            log.warn("could not stop bacalhau job {}: {}", jobId, e.getMessage());
        }
    }

    private JsonNode getJson(String path) throws ExecutionException {
        HttpResponse<String> response = send(request(path).GET().build());
        if (response.statusCode() != 200) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE,
                    "Bacalhau at " + api + " answered GET " + path + " with HTTP " + response.statusCode() + ": "
                            + response.body().strip());
        }
        return parse(response, "GET " + path);
    }

    private JsonNode parse(HttpResponse<String> response, String what) throws ExecutionException {
        try {
            return mapper.readTree(response.body());
        } catch (JacksonException e) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE, "Bacalhau at " + api + " sent no JSON for " + what, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws ExecutionException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable("the Bacalhau API at " + api, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(Reason.OTHER, "interrupted while talking to Bacalhau at " + api, e);
        } catch (UncheckedIOException e) {
            throw unreachable("the Bacalhau API at " + api, e.getCause());
        }
    }

    private static ExecutionException unreachable(String what, IOException e) {
        String why = e instanceof ConnectException
                ? "connection refused"
                : e instanceof HttpTimeoutException ? "no answer in time" : String.valueOf(e.getMessage());
        return new ExecutionException(Reason.ENGINE_UNAVAILABLE, what + " cannot be reached: " + why, e);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private static String jobPath(String jobId) {
        return JOBS + "/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
    }

    private void pause() throws ExecutionException {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(Reason.OTHER, "interrupted while waiting for a Bacalhau job", e);
        }
    }

    static String text(JsonNode node) {
        if (node.isString()) return node.stringValue();
        if (node.isNumber() || node.isBoolean()) return node.toString();
        return "";
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // A leftover scratch directory next to the results costs disk space, not correctness.
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** {@code Job.State}: the type as Bacalhau names it, and its message. */
    record JobState(String type, String message) {

        // models.JobStateType in the swagger document, for servers that send the number.
        private static final List<String> JOB_STATES =
                List.of("Undefined", "Pending", "Queued", "Running", "Completed", "Failed", "Stopped");
        private static final List<String> EXECUTION_STATES = List.of(
                "Undefined",
                "New",
                "AskForBid",
                "AskForBidAccepted",
                "AskForBidRejected",
                "BidAccepted",
                "BidRejected",
                "Completed",
                "Failed",
                "Cancelled");

        boolean terminal() {
            return type.equalsIgnoreCase("Completed")
                    || type.equalsIgnoreCase("Failed")
                    || type.equalsIgnoreCase("Stopped");
        }

        static String type(JsonNode node) {
            return named(node, JOB_STATES);
        }

        static String executionType(JsonNode node) {
            return named(node, EXECUTION_STATES);
        }

        private static String named(JsonNode node, List<String> names) {
            if (node.isIntegralNumber()) {
                int code = node.asInt();
                return code >= 0 && code < names.size() ? names.get(code) : "Undefined";
            }
            String name = text(node);
            return name.isEmpty() ? "Undefined" : name;
        }
    }

    /** {@code models.RunCommandResult}. */
    record RunOutput(String stdout, boolean stdoutTruncated, String stderr, boolean stderrTruncated, int exitCode) {

        static final RunOutput NONE = new RunOutput("", false, "", false, -1);

        static RunOutput of(JsonNode node) {
            // The swagger document names stderr in lower case (Go tag `json:"stderr"`); accept both.
            JsonNode stderr = node.has("stderr") ? node.path("stderr") : node.path("Stderr");
            return new RunOutput(
                    text(node.path("Stdout")),
                    node.path("StdoutTruncated").asBoolean(false),
                    text(stderr),
                    node.path("StderrTruncated").asBoolean(false),
                    node.path("ExitCode").asInt(0));
        }
    }
}
