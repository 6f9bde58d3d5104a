package org.coophive.executor.bacalhau;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Bacalhau's v1 orchestrator API, answering with the shapes of its swagger
 * document: {@code PutJobResponse}, {@code GetJobResponse}, {@code ListJobExecutionsResponse},
 * {@code ListJobResultsResponse}, {@code StopJobResponse}, and a local publisher's {@code .tar.gz}.
 */
final class FakeBacalhau implements AutoCloseable {

    static final String JOB_ID = "j-5f2c1d0e-8a7b-4c3d-9e1f-0a1b2c3d4e5f";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpServer server;
    final List<JsonNode> submitted = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();

    private volatile int submitStatus = 200;
    private volatile String submitAnswer = "{\"JobID\":\"" + JOB_ID + "\",\"EvaluationID\":\"e-1\",\"Warnings\":[]}";
    private volatile List<String> states = List.of("Completed");
    private volatile String executions = "{\"Items\":[]}";
    private volatile byte[] archive;

    FakeBacalhau() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The job runs through these states, one per poll; the last one repeats. */
    FakeBacalhau states(String... states) {
        this.states = List.of(states);
        return this;
    }

    FakeBacalhau rejectSubmission(int status, String body) {
        this.submitStatus = status;
        this.submitAnswer = body;
        return this;
    }

    /** One execution whose {@code RunOutput} is as given. */
    FakeBacalhau ran(String executionState, String stdout, String stderr, int exitCode) {
        Map<String, Object> runOutput =
                Map.of("Stdout", stdout, "stderr", stderr, "ExitCode", exitCode, "StdoutTruncated", false);
        Map<String, Object> execution = Map.of(
                "ID",
                "e-7d1c",
                "JobID",
                JOB_ID,
                "ComputeState",
                Map.of("StateType", executionState, "Message", ""),
                "RunOutput",
                runOutput,
                "ModifyTime",
                1732480000000000000L);
        this.executions = MAPPER.writeValueAsString(Map.of("Items", List.of(execution)));
        return this;
    }

    /** The local publisher's archive: name to content; a name ending in {@code /} is a directory. */
    FakeBacalhau published(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                boolean directory = file.getKey().endsWith("/");
                TarArchiveEntry entry =
                        new TarArchiveEntry(file.getKey(), directory ? TarConstants.LF_DIR : TarConstants.LF_NORMAL);
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                entry.setSize(directory ? 0 : content.length);
                tar.putArchiveEntry(entry);
                if (!directory) tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        this.archive = bytes.toByteArray();
        return this;
    }

    /** A raw archive, e.g. a hostile one. */
    FakeBacalhau published(byte[] gzippedTar) {
        this.archive = gzippedTar;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String jobs = "/api/v1/orchestrator/jobs";
        String job = jobs + "/" + JOB_ID;
        if (method.equals("PUT") && path.equals(jobs)) {
            submitted.add(MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            answer(exchange, submitStatus, submitAnswer);
        } else if (method.equals("GET") && path.equals(job)) {
            int poll = polls.getAndIncrement();
            String state = states.get(Math.min(poll, states.size() - 1));
            answer(
                    exchange,
                    200,
                    "{\"Job\":{\"ID\":\"" + JOB_ID + "\",\"Type\":\"batch\",\"State\":{\"StateType\":\"" + state
                            + "\",\"Message\":\"\"}}}");
        } else if (method.equals("GET") && path.equals(job + "/executions")) {
            answer(exchange, 200, executions);
        } else if (method.equals("GET") && path.equals(job + "/results")) {
            String items = archive == null
                    ? "[]"
                    : "[{\"Type\":\"local\",\"Params\":{\"URL\":\"" + uri() + "/e-7d1c.tar.gz\"}}]";
            answer(exchange, 200, "{\"Items\":" + items + "}");
        } else if (method.equals("GET") && path.equals("/e-7d1c.tar.gz") && archive != null) {
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        } else if (method.equals("DELETE") && path.equals(job)) {
            stops.add(exchange.getRequestURI().toString());
            answer(exchange, 200, "{\"EvaluationID\":\"e-2\"}");
        } else {
            answer(exchange, 404, "no route for " + method + " " + path);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
