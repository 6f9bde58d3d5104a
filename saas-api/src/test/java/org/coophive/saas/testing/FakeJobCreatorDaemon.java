package org.coophive.saas.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.executor.results.ResultPackager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job creator daemon's job API as a small HTTP server (the shape of jobcreator-service's
 * README): tests submit through saas-api, then play the job's course with {@link #advance},
 * {@link #finish} and {@link #forget}.
 */
public final class FakeJobCreatorDaemon implements AutoCloseable {

    public static final String TOKEN = "fake-daemon-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A job as the fake keeps it. */
    public static final class Job {
        public final String id = UUID.randomUUID().toString();
        public final String module;
        public final Map<String, String> inputs;
        final List<Map<String, String>> phases = new ArrayList<>();
        final Map<String, String> transactions = new LinkedHashMap<>();
        volatile String status = "ACTIVE";
        volatile String outcome;
        volatile String message = "";
        public volatile String dealId = "";
        public volatile String offerId = "";
        volatile String provider = "";
        volatile Map<String, Object> result;
        volatile Path tar;
        volatile String cost = "";

        Job(String module, Map<String, String> inputs) {
            this.module = module;
            this.inputs = inputs;
        }
    }

    private final HttpServer server;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Path dir;
    private final AtomicInteger submissions = new AtomicInteger();
    private volatile boolean refuseSubmissions;

    private FakeJobCreatorDaemon(HttpServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    public static FakeJobCreatorDaemon start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        FakeJobCreatorDaemon daemon = new FakeJobCreatorDaemon(server, Files.createTempDirectory("fake-daemon-"));
        server.createContext("/", daemon::handle);
        server.start();
        return daemon;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int submissions() {
        return submissions.get();
    }

    public void refuseSubmissions(boolean refuse) {
        this.refuseSubmissions = refuse;
    }

    public Job job(String id) {
        return jobs.get(id);
    }

    /** The most recently submitted job with this input value. */
    public Job jobWithInput(String name, String value) {
        return jobs.values().stream()
                .filter(j -> value.equals(j.inputs.get(name)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job with " + name + "=" + value));
    }

    /** Matched, agreed and running, with a deal, a provider and an agree transaction. */
    public void advance(Job job) {
        synchronized (job) {
            job.offerId = "QmOffer" + job.id.substring(0, 8);
            job.dealId = "QmDeal" + job.id.substring(0, 8);
            job.provider = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
            phase(job, "OFFER_POSTED", "offer posted", job.offerId);
            phase(job, "MATCHED", "matched", "deal " + job.dealId);
            job.transactions.put("agree", "0x" + "a".repeat(64));
            phase(job, "AGREED", "agreed", "locked 3 tokens");
        }
    }

    /** Ends the job; with {@code stdout} not null, with results holding that stdout and an image. */
    public void finish(Job job, String outcome, String stdout, String resultError) throws IOException {
        synchronized (job) {
            if (stdout != null) {
                Path results = Files.createDirectories(dir.resolve(job.id));
                Files.writeString(results.resolve("stdout"), stdout);
                Files.writeString(results.resolve("stderr"), "");
                Files.writeString(results.resolve("exit_code"), "0");
                Files.createDirectories(results.resolve("outputs"));
                Files.write(results.resolve("outputs").resolve("image-42.png"), PNG);
                var packed = ResultPackager.pack(results, dir.resolve(job.id + ".tar"));
                job.tar = packed.tar();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("data_id", packed.dataId());
                result.put("exit_code", 0);
                result.put("error", resultError == null ? "" : resultError);
                result.put("instruction_count", 1);
                result.put("files_url", "/api/v1/jobs/" + job.id + "/results");
                job.result = result;
                job.transactions.put("acceptResult", "0x" + "b".repeat(64));
                job.cost = "1000000000000000000";
                phase(job, "RESULTS_POSTED", "results posted", "by " + job.provider);
                phase(job, "ACCEPTED", "accepted", "tx 0x" + "b".repeat(64));
            }
            job.outcome = outcome;
            job.message = outcome.equals("SUCCEEDED") ? "paid 1 tokens" : "ended: " + outcome;
            phase(job, "FINISHED", "finished", job.message);
            job.status = "FINISHED";
        }
    }

    /** The daemon loses the job (its data folder was wiped). */
    public void forget(Job job) {
        jobs.remove(job.id);
    }

    private static void phase(Job job, String phase, String label, String message) {
        job.phases.add(
                Map.of("phase", phase, "label", label, "at", Instant.now().toString(), "message", message));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/actuator/health")) {
                send(exchange, 200, "application/json", "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problem(exchange, 401, "unauthorized");
                return;
            }
            if (path.equals("/api/v1/jobs") && exchange.getRequestMethod().equals("POST")) {
                submissions.incrementAndGet();
                if (refuseSubmissions) {
                    problem(exchange, 400, "module cannot be loaded");
                    return;
                }
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                Map<String, String> inputs = new LinkedHashMap<>();
                body.path("inputs")
                        .properties()
                        .forEach(e -> inputs.put(e.getKey(), e.getValue().asString()));
                Job job = new Job(body.path("module").asString(), inputs);
                phase(job, "SUBMITTED", "submitted", job.module);
                jobs.put(job.id, job);
                send(exchange, 202, "application/json", view(job));
                return;
            }
            String[] parts = path.split("/");
            if (parts.length >= 5 && parts[3].equals("jobs")) {
                Job job = jobs.get(parts[4]);
                if (job == null) {
                    problem(exchange, 404, "no job " + parts[4]);
                } else if (parts.length == 5) {
                    send(exchange, 200, "application/json", view(job));
                } else if (parts.length == 6 && parts[5].equals("results") && job.tar != null) {
                    send(exchange, 200, "application/x-tar", Files.readAllBytes(job.tar));
                } else {
                    problem(exchange, 409, "results not ready");
                }
                return;
            }
            problem(exchange, 404, "no route " + path);
        }
    }

    private static byte[] view(Job job) {
        synchronized (job) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", job.id);
            view.put("source", "API");
            view.put("module", job.module);
            view.put("inputs", job.inputs);
            view.put("status", job.status);
            view.put("outcome", job.outcome);
            view.put("message", job.message);
            view.put("job_offer_id", job.offerId);
            view.put("deal_id", job.dealId);
            view.put("resource_provider", job.provider);
            view.put("phases", List.copyOf(job.phases));
            view.put("transactions", Map.copyOf(job.transactions));
            view.put("result", job.result);
            view.put("cost_wei", job.cost);
            return JSON.writeValueAsBytes(view);
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        send(
                exchange,
                status,
                "application/problem+json",
                JSON.writeValueAsBytes(Map.of("status", status, "title", "error", "detail", detail)));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A 1x1 PNG. */
    static final byte[] PNG = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
