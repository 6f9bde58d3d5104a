package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.io.File;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The top-level docker-compose.yml as users start it, through Testcontainers' compose support with
 * the local docker-compose binary (Debian's v1; no compose image is pulled): every image built
 * locally (the pre-integration-test phase runs docker/build-service-images.sh), the one-shot
 * deployer, health checks. A cowsay job submitted to the job creator daemon's REST API is accepted
 * and its transactions are on chain; then a person signs up on the SaaS web UI, creates an API key
 * and runs cowsay through the SaaS REST API, whose receipt's transactions are on chain for that
 * deal. A faucet drip arrives on chain.
 */
// In this order so the figures are comparable run to run: the job API's job is the first of fresh
// JVMs, the SaaS job the second.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeNetworkIT {

    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration JOB = Duration.ofMinutes(2);
    private static final String TOKEN = "compose-it-token-0123456789abcdef";
    private static final Path PROJECT =
            Path.of(System.getProperty("coophive.project.dir", "..")).toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static DockerComposeContainer<?> network;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() {
        Map<String, String> env = new LinkedHashMap<>();
        // The well-known dev keys, as `coophive-admin dev-keys` prints them into .env.
        for (DevAccount account : DevAccounts.all()) {
            env.put(account.envPrefix() + "_PRIVATE_KEY", Stack.key(account));
            env.put(account.envPrefix() + "_ADDRESS", account.address());
        }
        env.put("JOBCREATOR_API_TOKEN", TOKEN);
        env.put("DOCKER_GID", dockerSocketGroup());
        env.put("SAAS_SIGNUP_CREDITS", "10"); // whatever a developer's .env says
        // Any free host port: other stacks may run on this machine.
        for (String port : List.of("CHAIN", "SOLVER", "JOBCREATOR", "FAUCET", "HTTP")) {
            env.put("COOPHIVE_" + port + "_PORT", "0");
        }
        network = new DockerComposeContainer<>(new File(PROJECT.toFile(), "docker-compose.yml"))
                .withEnv(env)
                .withPull(false)
                .withBuild(false)
                .withRemoveVolumes(true)
                .withStartupTimeout(STARTUP);
        for (String service : services()) {
            network = network.waitingFor(service + "_1", Wait.forHealthcheck().withStartupTimeout(STARTUP));
        }
        long start = System.nanoTime();
        network.start();
        System.out.printf(
                "compose network healthy (%s) in %d ms after up%n",
                String.join(", ", services()), (System.nanoTime() - start) / 1_000_000);
    }

    private static List<String> services() {
        return List.of(
                "chain", "solver", "resource-provider", "mediator", "jobcreator", "faucet", "postgres", "saas-api");
    }

    private static String dockerSocketGroup() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the group of /var/run/docker.sock", e);
        }
    }

    @AfterAll
    static void down() {
        if (network != null) network.stop();
    }

    /**
     * Where the service's port is published on the host: read from the container (the compose
     * file publishes on 127.0.0.1, port 0 here); Testcontainers' own mapping would need its
     * ambassador container, which is pulled.
     */
    private static String url(String service, int port) {
        ContainerState container = network.getContainerByServiceName(service + "_1")
                .orElseThrow(() -> new IllegalStateException("no container for " + service));
        Ports.Binding[] bindings = container
                .getContainerInfo()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException(service + " publishes no port " + port);
        }
        return "http://127.0.0.1:" + bindings[0].getHostPortSpec();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Submits cowsay with this message, waits until it finished; prints submit to accepted. */
    private static JsonNode runCowsay(String api, String message) throws Exception {
        Instant submitted = Instant.now();
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(api))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"module\":\"cowsay:v0.0.1\",\"inputs\":{\"Message\":\"" + message + "\"}}")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        URI location = URI.create(api)
                .resolve(accepted.headers().firstValue("Location").orElseThrow());
        JsonNode job = Await.until("the job to finish", JOB, () -> "", () -> {
            JsonNode status =
                    JSON.readTree(send(HttpRequest.newBuilder(location).header("Authorization", "Bearer " + TOKEN))
                            .body());
            return "FINISHED".equals(status.path("status").asString()) ? status : null;
        });
        assertThat(job.path("outcome").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("exit_code").asInt(-1)).isZero();
        Instant acceptedAt = job.path("phases")
                .valueStream()
                .filter(phase -> "ACCEPTED".equals(phase.path("phase").asString()))
                .map(phase -> Instant.parse(phase.path("at").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ACCEPTED phase: " + job));
        System.out.printf(
                "compose job %s (%s): submit to accepted %d ms%n",
                job.path("deal_id").asString(),
                message,
                Duration.between(submitted, acceptedAt).toMillis());

        HttpResponse<byte[]> results = http.send(
                HttpRequest.newBuilder(URI.create(location + "/results"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(new String(results.body(), StandardCharsets.ISO_8859_1))
                .as("the result tar (the cow's stdout)")
                .contains("< " + message + " >");
        return job;
    }

    @Test
    @Order(1)
    void shouldRunCowsayThroughTheJobApiAndSettleItOnChain() throws Exception {
        String api = url("jobcreator", 8082) + "/api/v1/jobs";
        JsonNode job = runCowsay(api, "moo from compose"); // the first job of fresh JVMs

        // The receipt's transactions: mined, successful, sent by the daemon's key (the solver dev
        // account in compose), to a contract, agree before acceptResult.
        Web3j chain = Web3j.build(new HttpService(url("chain", 8545)));
        try {
            long agreeBlock =
                    minedBy(chain, job.path("transactions").path("agree").asString());
            long acceptBlock =
                    minedBy(chain, job.path("transactions").path("acceptResult").asString());
            assertThat(acceptBlock).isGreaterThan(agreeBlock);
        } finally {
            chain.shutdown();
        }
        // The image's chain runs the contracts' EVM, on which a block costs no more than the one before.
        assertThat(AnvilNode.hardforkOf(url("chain", 8545))).isEqualToIgnoringCase(AnvilNode.HARDFORK);

        HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(URI.create(api)));
        assertThat(unauthorized.statusCode())
                .as("the job API without the token")
                .isEqualTo(401);
    }

    private static long minedBy(Web3j chain, String hash) throws Exception {
        assertThat(hash).as("transaction hash").startsWith("0x").hasSize(66);
        TransactionReceipt receipt = chain.ethGetTransactionReceipt(hash)
                .send()
                .getTransactionReceipt()
                .orElseThrow(() -> new AssertionError("no receipt on chain for " + hash));
        assertThat(receipt.isStatusOK()).as("status of " + hash).isTrue();
        assertThat(receipt.getFrom()).isEqualToIgnoringCase(DevAccounts.solver().address());
        String code = chain.ethGetCode(receipt.getTo(), DefaultBlockParameterName.LATEST)
                .send()
                .getCode();
        assertThat(code).as("code at " + receipt.getTo()).isNotEqualTo("0x");
        return receipt.getBlockNumber().longValueExact();
    }

    @Test
    @Order(3)
    void shouldDripFromTheFaucet() throws Exception {
        String recipient = "0x000000000000000000000000000000000000c0de";
        HttpResponse<String> drip = send(HttpRequest.newBuilder(URI.create(url("faucet", 8085) + "/api/v1/drips"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + recipient + "\"}")));
        assertThat(drip.statusCode()).as(drip.body()).isEqualTo(201);
        Web3j chain = Web3j.build(new HttpService(url("chain", 8545)));
        try {
            BigInteger balance = chain.ethGetBalance(recipient, DefaultBlockParameterName.LATEST)
                    .send()
                    .getBalance();
            assertThat(balance).as("ether of " + recipient).isPositive();
        } finally {
            chain.shutdown();
        }
    }

    /**
     * What a person does on http://localhost: signs up, creates an API key on the Account page,
     * runs cowsay through the SaaS REST API with it. The receipt's transactions are on chain:
     * mined, successful, and about this job's deal.
     */
    @Test
    @Order(2)
    void shouldRunCowsayThroughTheSaasApiWithAnApiKey() throws Exception {
        String web = url("saas-api", 8084);
        HttpResponse<String> home = send(HttpRequest.newBuilder(URI.create(web + "/signup")));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String email = "compose-" + UUID.randomUUID() + "@example.org";
        String key = new SaasSignUp(web)
                .signUp(email, "compose password 1")
                .logIn(email, "compose password 1")
                .createApiKey("compose-it");

        String api = web + "/api/v1";
        Instant submitted = Instant.now();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(api + "/jobs"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"module\":\"cowsay\",\"inputs\":{\"Message\":\"moo through the SaaS API\"}}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        URI location =
                URI.create(api).resolve(created.headers().firstValue("Location").orElseThrow());
        JsonNode job = Await.until("the SaaS job to finish", JOB, () -> "", () -> {
            JsonNode view =
                    JSON.readTree(send(HttpRequest.newBuilder(location).header("Authorization", "Bearer " + key))
                            .body());
            return "FINISHED".equals(view.path("status").asString()) ? view : null;
        });
        assertThat(job.path("outcome").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("stdout").asString())
                .contains("< moo through the SaaS API >")
                .contains("(oo)");
        Instant acceptedAt = job.path("phases")
                .valueStream()
                .filter(phase -> "ACCEPTED".equalsIgnoreCase(phase.path("phase").asString()))
                .map(phase -> Instant.parse(phase.path("at").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ACCEPTED phase: " + job));
        System.out.printf(
                "compose SaaS job %s: submit to accepted %d ms%n",
                job.path("receipt").path("deal_id").asString(),
                Duration.between(submitted, acceptedAt).toMillis());

        JsonNode receipt = job.path("receipt");
        String dealId = receipt.path("deal_id").asString();
        DealTerms terms = DealTerms.of(new HttpSolverClient(
                        URI.create(url("solver", 8080)),
                        new RequestSigner(DevAccounts.jobCreator().credentials()))
                .deal(dealId)
                .deal());
        String dealKey = terms.key().toString().replaceFirst("^0x", "").toLowerCase(Locale.ROOT);
        List<String> steps = new ArrayList<>();
        Web3j chain = Web3j.build(new HttpService(url("chain", 8545)));
        try {
            for (JsonNode tx : receipt.path("transactions")) {
                steps.add(tx.path("step").asString());
                minedBy(chain, tx.path("hash").asString());
                TransactionReceipt mined = chain.ethGetTransactionReceipt(
                                tx.path("hash").asString())
                        .send()
                        .getTransactionReceipt()
                        .orElseThrow();
                assertThat(mined.getLogs().toString().toLowerCase(Locale.ROOT))
                        .as("the logs of " + tx + " name deal " + dealId)
                        .contains(dealKey);
            }
        } finally {
            chain.shutdown();
        }
        assertThat(steps).contains("agree", "acceptResult");

        HttpResponse<String> account =
                send(HttpRequest.newBuilder(URI.create(api + "/account")).header("Authorization", "Bearer " + key));
        assertThat(JSON.readTree(account.body()).path("credits").asLong())
                .as("credits after one cowsay (10 at sign-up, cowsay costs 1)")
                .isEqualTo(9);
    }
}
