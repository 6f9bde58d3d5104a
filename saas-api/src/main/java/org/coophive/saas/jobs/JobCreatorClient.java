package org.coophive.saas.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.coophive.saas.config.JobCreatorProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job creator daemon's job API over HTTP with its bearer token (jobcreator-service/README.md,
 * "The daemon and its REST API"). The token is sent, never logged.
 */
@Component
class JobCreatorClient {

    private final String api;
    private final String token;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    JobCreatorClient(JobCreatorProperties properties) {
        this.api = properties.url() + "/api/v1";
        this.token = properties.apiToken();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The daemon refused a request: its status and Problem Details' detail. */
    static final class DaemonRefusedException extends Exception {
        private final int status;

        DaemonRefusedException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** POST /jobs: the daemon's job. */
    DaemonJob submit(String module, Map<String, String> inputs) throws IOException, DaemonRefusedException {
        String body = json.writeValueAsString(Map.of("module", module, "inputs", inputs));
        HttpResponse<String> response = send(request("/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new DaemonRefusedException(response.statusCode(), detail(response.body()));
        }
        return DaemonJob.of(json.readTree(response.body()));
    }

    /** GET /jobs/{id}; empty when the daemon does not know the job. */
    Optional<DaemonJob> job(String id) throws IOException, DaemonRefusedException {
        HttpResponse<String> response = send(request("/jobs/" + id).GET().build());
        if (response.statusCode() == 404) return Optional.empty();
        if (response.statusCode() != 200)
            throw new DaemonRefusedException(response.statusCode(), detail(response.body()));
        return Optional.of(DaemonJob.of(json.readTree(response.body())));
    }

    /** GET /jobs/{id}/results: the result tar, for the caller to read and close. */
    InputStream results(String id) throws IOException, DaemonRefusedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(
                    request("/jobs/" + id + "/results").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new DaemonRefusedException(response.statusCode(), detail(text));
        }
        return response.body();
    }

    /** Whether the daemon answers its health endpoint with UP. */
    boolean healthy() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    api.substring(0, api.length() - "/api/v1".length()) + "/actuator/health"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return api;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String detail(String body) {
        try {
            JsonNode node = json.readTree(body);
            String detail = node.path("detail").asString("");
            return detail.isEmpty() ? node.path("title").asString(body) : detail;
        } catch (RuntimeException e) {
            return body.length() > 200 ? body.substring(0, 200) : body; // Not Problem Details: show the start.
        }
    }
}
