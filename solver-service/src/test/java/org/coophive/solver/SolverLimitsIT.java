package org.coophive.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR;
import static org.coophive.solver.ApiFixtures.JOB_CREATOR_SIGNER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER;
import static org.coophive.solver.ApiFixtures.RESOURCE_PROVIDER_SIGNER;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One client flooding the solver cannot take it from the others: the open offers of an address
 * stop at the cap, the flood is answered 429 with {@code Retry-After}, and another client is served
 * at once meanwhile. Bounded: a few hundred requests on loopback, a few seconds.
 */
class SolverLimitsIT {

    private static final int CAP = 50;
    private static final int FLOOD = 300;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ChainFixture chain;
    private static ConfigurableApplicationContext solver;
    private static URI url;

    @BeforeAll
    static void start() throws Exception {
        chain = ChainFixture.start();
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "solver-limits-it-");
        solver = new SpringApplicationBuilder(SolverApplication.class)
                .run(chain.web3Arguments(
                        DevAccounts.solver(),
                        "--server.port=0",
                        "--coophive.solver.data-dir=" + dataDir,
                        "--SERVER_URL=http://localhost:8080",
                        "--SOLVER_MAX_OPEN_OFFERS=" + CAP,
                        "--SOLVER_RATE_LIMIT=20",
                        "--SOLVER_RATE_BURST=60"));
        url = URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) solver).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (solver != null) solver.close();
        if (chain != null) chain.close();
    }

    private static HttpResponse<String> post(String path, Object offer, RequestSigner signer) throws Exception {
        byte[] body = Signed.JSON.writeValueAsBytes(offer);
        SignedRequestHeaders headers = signer.sign("POST", path, null, body);
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                .header("Content-Type", "application/json")
                .header(SignedRequestHeaders.ADDRESS, headers.address())
                .header(SignedRequestHeaders.TIMESTAMP, headers.timestamp())
                .header(SignedRequestHeaders.NONCE, headers.nonce())
                .header(SignedRequestHeaders.SIGNATURE, headers.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url.resolve(pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCapOpenOffersAndAnswer429WithRetryAfterWhileAnotherClientIsServedPromptly() throws Exception {
        List<HttpResponse<String>> flood = new CopyOnWriteArrayList<>();
        long now = System.currentTimeMillis();
        CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < FLOOD; i++) {
                try {
                    flood.add(post("/api/v1/job_offers", ApiFixtures.jobOffer(now + i, 64_000), JOB_CREATOR_SIGNER));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        // Meanwhile another client posts and lists, and is answered at once (its offer matches none
        // of the flood: they need 64 CPUs).
        while (flood.size() < 2 * CAP && !flooding.isDone()) Thread.sleep(5);
        long started = System.nanoTime();
        HttpResponse<String> other =
                post("/api/v1/resource_offers", ApiFixtures.resourceOffer(now), RESOURCE_PROVIDER_SIGNER);
        HttpResponse<String> list = get("/api/v1/resource_offers?resource_provider=" + RESOURCE_PROVIDER);
        long otherMillis = (System.nanoTime() - started) / 1_000_000;
        flooding.get(60, TimeUnit.SECONDS);

        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(otherMillis).as("the other client's post and list").isLessThan(1000);

        List<HttpResponse<String>> accepted =
                flood.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> refused =
                flood.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(accepted).hasSize(CAP);
        assertThat(accepted.size() + refused.size()).isEqualTo(FLOOD);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(Signed.JSON.readTree(r.body()).get("type").asString())
                    .isEqualTo("https://coophive.network/problems/too-many-requests");
        });
        assertThat(refused).anySatisfy(r -> assertThat(r.body()).contains("unmatched job offers"));
        assertThat(refused).anySatisfy(r -> assertThat(r.body()).contains("requests per second"));

        long listStarted = System.nanoTime();
        HttpResponse<String> stored = get("/api/v1/job_offers?job_creator=" + JOB_CREATOR + "&limit=1000");
        long listMillis = (System.nanoTime() - listStarted) / 1_000_000;
        JsonNode offers = Signed.JSON.readTree(stored.body());
        assertThat(offers.size()).isEqualTo(CAP);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                "%n| solver under the cap | open job offers | listing ms | listing bytes | heap used MB |%n"
                        + "|---|---|---|---|---|%n| measured | %d | %d | %d | %d |%n%n",
                offers.size(),
                listMillis,
                stored.body().length(),
                (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    @Test
    void shouldAnswer400WhenAPageIsAskedWrongly() throws Exception {
        for (String query : new String[] {"limit=0", "limit=1001", "limit=x", "after=nope"}) {
            HttpResponse<String> response = get("/api/v1/deals?" + query);

            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(Signed.JSON.readTree(response.body()).get("type").asString())
                    .isEqualTo("https://coophive.network/problems/invalid-request");
        }
    }

    /** Sends {@code head} (request line and headers, no final blank line) raw, as a hostile client would. */
    private static String raw(String head) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldAnswerProblemDetailsWithADocumentedTypeWhenTheContainerRefusesTheRequest() throws Exception {
        String[][] cases = {
            {"GET /api/v1/deals/a%2Fb HTTP/1.1", "400"},
            {"GET /api/v1/deals?state=%00 HTTP/1.1", "400"},
            {"GET /api/v1/deals/% HTTP/1.1", "400"},
            {"GET /api/v1/deals?x=" + "a".repeat(20_000) + " HTTP/1.1", "4"},
            {"GET /api/v1/deals HTTP/1.1\r\nX-Big: " + "b".repeat(20_000), "4"},
            {"GET /nowhere HTTP/1.1", "404"},
            {"GET /api/v1/deals/" + "Qm" + "x".repeat(44) + "/nothing HTTP/1.1", "404"},
        };
        for (String[] c : cases) {
            String response = raw(c[0]);
            String shown = c[0].substring(0, Math.min(60, c[0].length()));

            // Tomcat answers an oversized request line or header 400 (or 414/431): a 4xx either way.
            assertThat(response).as(shown).startsWith("HTTP/1.1 " + c[1]);
            int status = Integer.parseInt(response.substring(9, 12));
            assertThat(response.toLowerCase(java.util.Locale.ROOT))
                    .as(shown)
                    .contains("content-type: application/problem+json");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            JsonNode problem = Signed.JSON.readTree(body);
            assertThat(problem.get("type").asString()).as(shown).startsWith("https://coophive.network/problems/");
            assertThat(problem.get("status").asInt()).as(shown).isEqualTo(status);
            assertThat(body).as(shown).doesNotContain("Exception").doesNotContain("org.apache");
        }
    }
}
