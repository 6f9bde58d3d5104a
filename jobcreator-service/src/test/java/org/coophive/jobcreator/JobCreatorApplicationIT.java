package org.coophive.jobcreator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.HealthProbe;
import org.coophive.common.testing.RpcOutageProxy;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.ExampleClient;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobJson;
import org.coophive.jobcreator.deals.Outcome;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.testing.ChainParties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * The daemon on Anvil with the deployed contracts and its dev key (the solver account, which
 * controls the on-chain job creator): the REST API, its SSE progress, a contract's job written
 * back on chain, a submit timeout claimed after time travel. The solver is in memory and the
 * resource provider is played with its dev key until both services exist.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobCreatorApplicationIT {

    static final String TOKEN = "it-token-0123456789";
    static final String COW = "< moo >\n";
    static ChainFixture chain;
    static Path dataDir;
    static ChainParties parties;
    /** Between the daemon and the chain: forwards until a test stalls it. */
    static RpcOutageProxy rpc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        chain = ChainFixture.start();
        Path target = Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(target, "jobcreator-data-");
        parties = new ChainParties(chain, DevAccounts.resourceProvider(), dataDir);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var daemon = DevAccounts.solver();
        rpc = new RpcOutageProxy(URI.create(chain.node().rpcUrl()).getPort());
        registry.add("WEB3_RPC_URL", rpc::url);
        registry.add("WEB3_CHAIN_ID", () -> "1337");
        registry.add(
                "WEB3_PRIVATE_KEY",
                () -> Numeric.toHexStringWithPrefixZeroPadded(
                        daemon.credentials().getEcKeyPair().getPrivateKey(), 64));
        registry.add("WEB3_CONTROLLER_ADDRESS", () -> chain.addresses().controller());
        registry.add("SERVICE_SOLVER", daemon::address);
        registry.add("SERVICE_MEDIATORS", () -> DevAccounts.mediator().address());
        // Only the explain call and the event stream use the URL; the in-memory solver answers the rest.
        registry.add("SERVICE_SOLVER_URL", () -> "http://127.0.0.1:" + closedPort);
        registry.add("coophive.jobcreator.data-dir", dataDir::toString);
        registry.add("coophive.jobcreator.api-token", () -> TOKEN);
        registry.add("coophive.jobcreator.pass-interval", () -> "200ms");
    }

    @TestBean
    SolverClient solverClient;

    static SolverClient solverClient() {
        return parties.solver;
    }

    @AfterAll
    static void stopChain() {
        if (parties != null) parties.rp().close();
        if (rpc != null) {
            try {
                rpc.close();
            } catch (java.io.IOException e) {
                // closing a local proxy; nothing is left to do with it
            }
        }
        if (chain != null) chain.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JobCreatorEngine engine;

    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void shouldReportHealthyWhenStarted() throws Exception {
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        // Anyone may ask: each check's status, none of its details (address, solver URL, offers).
        assertThat(health.body())
                .contains("\"status\":\"UP\"")
                .contains("\"chain\":{\"status\":\"UP\"}")
                .contains("\"solver\":{\"status\":\"UP\"}")
                .doesNotContain("details")
                .doesNotContain("openOffers");
    }

    @Test
    @Order(2)
    void shouldCompleteARestSubmittedJobAndStreamEveryPhase() throws Exception {
        AutoCloseable others = engine.subscribe(parties.autopilot(
                DevAccounts.solver().address(), DevAccounts.mediator().address(), COW));
        try {
            HttpResponse<String> submitted =
                    call("POST", "/api/v1/jobs", "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"moo\"}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String id = JobJson.mapper().readTree(submitted.body()).get("id").asString();

            // The stream replays what already happened, then follows the job, and ends after FINISHED.
            HttpResponse<String> events = call("GET", "/api/v1/jobs/" + id + "/events", null);

            assertThat(events.statusCode()).isEqualTo(200);
            for (Phase phase : List.of(
                    Phase.SUBMITTED,
                    Phase.OFFER_POSTED,
                    Phase.MATCHED,
                    Phase.AGREED,
                    Phase.RUNNING,
                    Phase.RESULTS_POSTED,
                    Phase.DOWNLOADED,
                    Phase.ACCEPTED,
                    Phase.PAID,
                    Phase.FINISHED)) {
                assertThat(events.body()).contains("\"phase\":\"" + phase.name() + "\"");
            }
            JsonNode job = JobJson.mapper()
                    .readTree(call("GET", "/api/v1/jobs/" + id, null).body());
            assertThat(job.get("outcome").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("deal_id").asString()).startsWith("Qm");
            HttpResponse<String> tar = call("GET", "/api/v1/jobs/" + id + "/results", null);
            assertThat(tar.statusCode()).isEqualTo(200);
            assertThat(tar.headers().firstValue("Content-Type")).contains("application/x-tar");
        } finally {
            others.close();
        }
    }

    @Test
    @Order(3)
    void shouldWriteTheResultBackToTheContractWhenRunCowsayIsCalledOnChain() throws Exception {
        AutoCloseable others = engine.subscribe(parties.autopilot(
                DevAccounts.solver().address(), DevAccounts.mediator().address(), COW));
        try {
            Party user = chain.jobCreator();
            BigInteger deposit = user.jobCreator().getRequiredDeposit().send();
            assertThat(deposit).isEqualTo(ChainFixture.tokens(2));
            user.token().approve(chain.addresses().exampleClient(), deposit).send();
            var receipt = user.exampleClient().runCowsay("moo").send();
            BigInteger jobId = ExampleClient.getJobCreatedEvents(receipt).get(0).id;
            BigInteger daemonBefore = chain.tokensOf(DevAccounts.solver().address());

            Await.until(Duration.ofSeconds(60), "the result written back", () -> {
                try {
                    return !user.exampleClient().getJobResult(jobId).send().isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Job job = engine.list().stream()
                    .filter(j -> j.onChainJobId().equals(jobId.toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(user.exampleClient().getJobResult(jobId).send())
                    .isEqualTo(job.result().dataId());
            assertThat(job.inputs()).containsEntry("Message", "moo");
            // The daemon paid 1 token for the job and earned the 2-token deposit.
            Await.until(Duration.ofSeconds(60), "the daemon paid", () -> {
                try {
                    return chain.tokensOf(DevAccounts.solver().address())
                            .equals(daemonBefore.add(ChainFixture.tokens(1)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            others.close();
        }
    }

    @Test
    @Order(4)
    void shouldClaimTheSubmitTimeoutWhenTheProviderNeverPostsResults() throws Exception {
        parties.provider.set(ChainParties.Provider.VANISHES);
        AutoCloseable others = engine.subscribe(parties.autopilot(
                DevAccounts.solver().address(), DevAccounts.mediator().address(), COW));
        try {
            HttpResponse<String> submitted = call("POST", "/api/v1/jobs", "{\"module\":\"cowsay:v0.0.1\"}");
            String id = JobJson.mapper().readTree(submitted.body()).get("id").asString();
            Await.until(Duration.ofSeconds(60), "the deal running", () -> engine.find(id)
                    .orElseThrow()
                    .reached(Phase.RUNNING));

            chain.increaseTime(3601);
            chain.node().mine();

            Await.until(Duration.ofSeconds(60), "the claim", () -> !engine.find(id)
                    .orElseThrow()
                    .active());
            Job job = engine.find(id).orElseThrow();
            assertThat(job.outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(job.transactions()).containsKey("timeoutSubmitResults");
            assertThat(parties.rp().getAgreement(DealTerms.of(job.deal())).state())
                    .isEqualTo(AgreementState.TIMEOUT_SUBMIT_RESULTS);
            assertThat(parties.rp().escrowOf(DealTerms.of(job.deal()))).isZero();
        } finally {
            parties.provider.set(ChainParties.Provider.DELIVERS);
            others.close();
        }
    }

    @Test
    @Order(5)
    void shouldRefuse401WhenTheTokenIsMissing() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    @Order(6)
    void shouldRefuseAJobWithANulCharacterWith400NamingTheFieldWhenSubmittedThroughTheApi() throws Exception {
        int before = engine.list().size();

        HttpResponse<String> refused =
                call("POST", "/api/v1/jobs", "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"a\\u0000b\"}}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode problem = JobJson.mapper().readTree(refused.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://coophive.network/problems/invalid-job");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("inputs[Message]");
        assertThat(engine.list()).hasSize(before);
    }

    @Test
    @Order(7)
    void shouldRefundAnOnChainJobWithANulCharacterAndRunTheNextOne() throws Exception {
        AutoCloseable others = engine.subscribe(parties.autopilot(
                DevAccounts.solver().address(), DevAccounts.mediator().address(), COW));
        try {
            Party user = chain.jobCreator();
            BigInteger deposit = user.jobCreator().getRequiredDeposit().send();
            String userAddress = user.credentials().getAddress();
            BigInteger userBefore = chain.tokensOf(userAddress);
            user.token().approve(chain.addresses().exampleClient(), deposit).send();
            var receipt = user.exampleClient().runCowsay("a\u0000b").send();
            BigInteger poisoned = ExampleClient.getJobCreatedEvents(receipt).get(0).id;
            assertThat(chain.tokensOf(userAddress)).isEqualTo(userBefore.subtract(deposit));

            Await.until(Duration.ofSeconds(60), "the poisoned job refunded", () -> {
                try {
                    return chain.tokensOf(userAddress).equals(userBefore);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Job job = engine.list().stream()
                    .filter(j -> j.onChainJobId().equals(poisoned.toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(job.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(job.message()).contains("inputs[Message]").contains("NUL");
            assertThat(user.exampleClient().getJobResult(poisoned).send()).isEmpty();

            // The next job is not blocked by it.
            user.token().approve(chain.addresses().exampleClient(), deposit).send();
            var next = user.exampleClient().runCowsay("moo").send();
            BigInteger nextId = ExampleClient.getJobCreatedEvents(next).get(0).id;
            Await.until(Duration.ofSeconds(60), "the next job's result written back", () -> {
                try {
                    return !user.exampleClient().getJobResult(nextId).send().isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            others.close();
        }
    }

    @Test
    @Order(8)
    void shouldRefuseAtSubmissionWhatTheSolverWouldRefuseWithTheFieldNamed() throws Exception {
        int before = engine.list().size();
        String twoToThe256 = BigInteger.TWO.pow(256).toString();
        String[][] cases = {
            {
                "{\"module\":\"cowsay:v0.0.1\",\"limits\":{\"max_instruction_price\":\"1e30\"}}",
                "400",
                "pricing.instruction_price"
            },
            {
                "{\"module\":\"cowsay:v0.0.1\",\"limits\":{\"max_payment_collateral\":\"" + twoToThe256 + "wei\"}}",
                "400",
                "pricing.payment_collateral"
            },
            {
                "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"" + "m".repeat(20_000) + "\"}}",
                "400",
                "inputs[Message]"
            },
            {"{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"" + "m".repeat(2 << 20) + "\"}}", "413", ""},
            {"{\"module\":\"evil.example/someone/module:v1\"}", "400", ""},
        };
        for (String[] c : cases) {
            HttpResponse<String> refused = call("POST", "/api/v1/jobs", c[0]);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            if (!c[2].isEmpty()) {
                assertThat(refused.body()).contains("\"field\":\"" + c[2] + "\"");
            }
        }
        assertThat(call("POST", "/api/v1/jobs", cases[4][0]).body())
                .contains("git host \\\"evil.example\\\" are not accepted here; allowed: github.com");
        assertThat(engine.list()).hasSize(before);
    }

    private String raw(String head, String body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request =
                    head + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n"
                            + (body == null ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n"
                            + (body == null ? "" : body);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(9)
    void shouldAnswerProblemDetailsWithADocumentedTypeForEveryRefusal() throws Exception {
        String[][] cases = {
            {"GET /api/v1/jobs/a%2Fb HTTP/1.1", null, "400", "invalid-request"},
            {"GET /api/v1/jobs/% HTTP/1.1", null, "400", "invalid-request"},
            {"GET /api/v1/jobs?x=" + "a".repeat(20_000) + " HTTP/1.1", null, "400", "invalid-request"},
            {"GET /nowhere HTTP/1.1", null, "404", "not-found"},
            {"GET /api/v1/nowhere HTTP/1.1", null, "404", "not-found"},
            {"POST /api/v1/jobs HTTP/1.1\r\nContent-Type: text/plain", "module=cowsay", "415", "unsupported-media-type"
            },
            {
                "POST /api/v1/jobs HTTP/1.1\r\nContent-Type: application/json; charset=UTF-16",
                "{\"module\":\"cowsay:v0.0.1\"}",
                "415",
                "unsupported-media-type"
            },
            {
                "POST /api/v1/jobs HTTP/1.1\r\nContent-Type: application/json",
                "{\"module\":\"cowsay:v0.0.1\",\"module\":\"cowsay:v0.0.1\"}",
                "400",
                "invalid-request"
            },
            {
                "POST /api/v1/jobs HTTP/1.1\r\nContent-Type: application/json",
                "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":64000}}",
                "400",
                "invalid-request"
            },
        };
        int before = engine.list().size();
        for (String[] c : cases) {
            String response = raw(c[0], c[1]);
            String shown = c[0].substring(0, Math.min(60, c[0].length()));

            assertThat(response).as(shown).startsWith("HTTP/1.1 " + c[2]);
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).as(shown).contains("application/problem+json");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                StringBuilder whole = new StringBuilder();
                for (int at = 0; ; ) {
                    int eol = body.indexOf("\r\n", at);
                    int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
                    if (size == 0) break;
                    whole.append(body, eol + 2, eol + 2 + size);
                    at = eol + 2 + size + 2;
                }
                body = whole.toString();
            }
            JsonNode problem = JobJson.mapper().readTree(body);
            assertThat(problem.has("type")).as(shown + " " + body).isTrue();
            assertThat(problem.get("type").asString()).as(shown).isEqualTo("https://coophive.network/problems/" + c[3]);
            assertThat(body).as(shown).doesNotContain("Exception").doesNotContain("org.springframework");
        }
        assertThat(engine.list()).hasSize(before);
    }

    @Test
    @Order(10)
    void shouldAnswerDownDuringAnRpcOutageThenUpAndCompleteAJobSubmittedMeanwhile() throws Exception {
        AutoCloseable others = engine.subscribe(parties.autopilot(
                DevAccounts.solver().address(), DevAccounts.mediator().address(), COW));
        try {
            assertThat(healthStatus()).isEqualTo(200);
            rpc.stall();
            long stalled = System.nanoTime();
            Await.until(
                    Duration.ofSeconds(30), "the daemon's health to answer DOWN (503)", () -> healthStatus() == 503);
            Duration toDown = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(toDown).as("time to DOWN").isLessThan(Duration.ofSeconds(15));

            // Submitted while the chain does not answer: the offer is posted, nothing on chain yet.
            HttpResponse<String> submitted =
                    call("POST", "/api/v1/jobs", "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"outage\"}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String id = JobJson.mapper().readTree(submitted.body()).get("id").asString();
            assertThat(healthStatus()).isEqualTo(503);

            rpc.resume();
            long resumed = System.nanoTime();
            Await.until(Duration.ofSeconds(60), "the daemon's health UP again", () -> healthStatus() == 200);
            Duration toUp = Duration.ofNanos(System.nanoTime() - resumed);
            Await.until(Duration.ofSeconds(120), "the job submitted during the outage to finish", () -> engine.find(id)
                    .map(job -> !job.active())
                    .orElse(false));
            System.out.printf(
                    "job creator rpc outage: DOWN after %d ms, UP again %d ms after the chain answered%n",
                    toDown.toMillis(), toUp.toMillis());
            Job done = engine.find(id).orElseThrow();
            assertThat(done.outcome()).as(done.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(done.transactions()).containsKeys("agree", "acceptResult");
        } finally {
            rpc.resume();
            others.close();
        }
    }

    /** The HTTP status of the daemon's health endpoint (200 UP, 503 DOWN). */
    private int healthStatus() {
        return HealthProbe.status(port);
    }
}
