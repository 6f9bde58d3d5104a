package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ContractAddresses;
import org.coophive.contracts.Deployer;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' images against PostgreSQL in a container (the image of docker/postgres, Debian's
 * PostgreSQL 15) instead of the embedded one: the solver with {@code SOLVER_DATABASE_URL} keeps its
 * offers and deals in the database, so a brand-new solver container (an empty file system) still
 * has them; the SaaS API with {@code SAAS_DATABASE_URL} keeps its accounts and API keys there, so
 * a person who signed up on one saas-api container logs in on a brand-new one and their key still
 * works. Chain: the Anvil image, contracts deployed from here.
 */
class ContainerPostgresIT {

    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "container-it-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Network network;
    private static GenericContainer<?> chain;
    private static GenericContainer<?> postgres;
    private static ContractAddresses addresses;

    @BeforeAll
    static void start() throws Exception {
        network = Network.newNetwork();
        chain = new GenericContainer<>(ContainerImages.ANVIL)
                .withNetwork(network)
                .withNetworkAliases("chain")
                .withExposedPorts(8545)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP));
        postgres = new GenericContainer<>(ContainerImages.POSTGRES)
                .withNetwork(network)
                .withNetworkAliases("db")
                .withEnv(Map.of("POSTGRES_USER", "coophive", "POSTGRES_PASSWORD", PASSWORD))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP));
        chain.start();
        postgres.start();
        for (String database : new String[] {"solver", "saas"}) {
            psql("postgres", "CREATE DATABASE " + database);
        }
        try (ChainConnection connection = ChainConnection.open("http://127.0.0.1:" + chain.getMappedPort(8545), 1337)) {
            addresses = new Deployer(
                            connection.web3j(),
                            connection.transactionManager(DevAccounts.admin().credentials()),
                            connection.deployGas(),
                            connection.callGas())
                    .deploy(Deployer.Options.devDefaults());
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.stop();
        if (chain != null) chain.stop();
        if (network != null) network.close();
    }

    private static String psql(String database, String sql) throws Exception {
        ExecResult result = postgres.execInContainer("psql", "-U", "coophive", "-d", database, "-tAc", sql);
        assertThat(result.getExitCode()).as(sql + ": " + result.getStderr()).isZero();
        return result.getStdout().strip();
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://db:5432/" + database + "?user=coophive&password=" + PASSWORD;
    }

    /** A service of the coophive image on the network, with the chain and this key. */
    private static GenericContainer<?> service(String command, int port, DevAccount account) {
        return new GenericContainer<>(ContainerImages.COOPHIVE)
                .withCommand(command)
                .withNetwork(network)
                .withExposedPorts(port)
                .withEnv(Map.of(
                        "WEB3_RPC_URL",
                        "http://chain:8545",
                        "WEB3_CHAIN_ID",
                        "1337",
                        "WEB3_PRIVATE_KEY",
                        Stack.key(account),
                        "WEB3_CONTROLLER_ADDRESS",
                        addresses.controller(),
                        "SERVER_PORT",
                        String.valueOf(port),
                        // Faster starts for a test (as docker-compose.yml): C1 only, serial GC.
                        "COOPHIVE_JAVA_OPTS",
                        "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP));
    }

    private static GenericContainer<?> solver() {
        GenericContainer<?> solver = service("solver", 8080, DevAccounts.solver())
                .withNetworkAliases("solver")
                .withEnv("SERVER_URL", "http://solver:8080")
                .withEnv("SOLVER_DATABASE_URL", jdbcUrl("solver"));
        solver.start();
        return solver;
    }

    private static SolverClient client(GenericContainer<?> solver, DevAccount account) {
        return new HttpSolverClient(
                URI.create("http://127.0.0.1:" + solver.getMappedPort(8080)), new RequestSigner(account.credentials()));
    }

    @Test
    void shouldKeepTheSolversDealsInPostgresqlAcrossANewContainer() throws Exception {
        DealContainer deal;
        GenericContainer<?> first = solver();
        try {
            SolverClient jc = client(first, DevAccounts.jobCreator());
            SolverClient rp = client(first, DevAccounts.resourceProvider());
            long now = System.currentTimeMillis();
            ResourceOfferContainer resourceOffer = rp.addResourceOffer(Offers.resource(now, 0, 1000));
            JobOfferContainer jobOffer = jc.addJobOffer(Offers.job(now, 1000));
            deal = Await.until(
                    "a deal for " + jobOffer.id(),
                    WAIT,
                    first::getLogs,
                    () -> jc
                            .deals(DealQuery.byJobCreator(
                                    DevAccounts.jobCreator().address()))
                            .stream()
                            .filter(d -> d.jobOffer().equals(jobOffer.id()))
                            .findFirst()
                            .orElse(null));
            assertThat(deal.resourceOffer()).isEqualTo(resourceOffer.id());
            assertThat(first.getLogs()).as("the solver's log").doesNotContain("embedded PostgreSQL");
        } finally {
            first.stop();
        }
        assertThat(Integer.parseInt(
                        psql("solver", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")))
                .as("the solver's tables in the PostgreSQL container")
                .isPositive();

        GenericContainer<?> second = solver();
        try {
            assertThat(client(second, DevAccounts.jobCreator()).deal(deal.id()))
                    .as("the deal, read by a new solver container from the database")
                    .isEqualTo(deal);
        } finally {
            second.stop();
        }
    }

    /** saas-api on the network with the PostgreSQL container; no job creator daemon is needed here. */
    private static GenericContainer<?> saasApi() {
        GenericContainer<?> saas = service("saas-api", 8084, DevAccounts.directory())
                .withEnv("SAAS_DATABASE_URL", jdbcUrl("saas"))
                .withEnv("JOBCREATOR_URL", "http://jobcreator:8082")
                .withEnv("JOBCREATOR_API_TOKEN", "container-it-token")
                // Its health includes the (absent) daemon: wait for the web UI instead.
                .waitingFor(Wait.forHttp("/login").forPort(8084).withStartupTimeout(STARTUP));
        saas.start();
        return saas;
    }

    private static String web(GenericContainer<?> saas) {
        return "http://127.0.0.1:" + saas.getMappedPort(8084);
    }

    private static JsonNode account(GenericContainer<?> saas, String key) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(web(saas) + "/api/v1/account"))
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void shouldKeepSaasAccountsAndApiKeysInPostgresqlAcrossANewContainer() throws Exception {
        String email = "container-" + UUID.randomUUID() + "@example.org";
        String password = "container password 1";
        String key;
        GenericContainer<?> first = saasApi();
        try {
            key = new SaasSignUp(web(first))
                    .signUp(email, password)
                    .logIn(email, password)
                    .createApiKey("laptop");
            assertThat(account(first, key).path("email").asString()).isEqualTo(email);
            assertThat(first.getLogs()).as("saas-api's log").doesNotContain("embedded PostgreSQL");
        } finally {
            first.stop();
        }
        assertThat(psql("saas", "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .as("the SaaS API's applied migrations")
                .isNotEqualTo("0");

        GenericContainer<?> second = saasApi();
        try {
            new SaasSignUp(web(second)).logIn(email, password);
            JsonNode account = account(second, key);
            assertThat(account.path("email").asString()).isEqualTo(email);
            assertThat(account.path("credits").asLong())
                    .as("the sign-up credits")
                    .isEqualTo(10);
        } finally {
            second.stop();
        }
    }
}
