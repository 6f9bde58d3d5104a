package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
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

/**
 * The services' images against PostgreSQL in a container (the image of docker/postgres, Debian's
 * PostgreSQL 15) instead of the embedded one: the solver with {@code SOLVER_DATABASE_URL} keeps its
 * offers and deals in the database, so a brand-new solver container (an empty file system) still
 * has them; the SaaS API with {@code SAAS_DATABASE_URL} migrates its schema there once its module
 * has migrations. Chain: the Anvil image, contracts deployed from here.
 */
class ContainerPostgresIT {

    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "container-it-password";
    private static final Path PROJECT =
            Path.of(System.getProperty("coophive.project.dir", "..")).toAbsolutePath();

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

    @Test
    void shouldMigrateTheSaasSchemaIntoPostgresqlWhenTheModuleHasMigrations() throws Exception {
        assumeTrue(
                Files.isDirectory(PROJECT.resolve("saas-api/src/main/resources/db/migration")),
                "the saas-api module has no database migrations yet");
        GenericContainer<?> saas = service("saas-api", 8084, DevAccounts.directory())
                .withEnv("SERVER_ADDRESS", "0.0.0.0")
                .withEnv("SAAS_DATABASE_URL", jdbcUrl("saas"))
                .withEnv("JOBCREATOR_URL", "http://jobcreator:8082")
                .withEnv("JOBCREATOR_API_TOKEN", "container-it-token");
        saas.start();
        try {
            assertThat(Integer.parseInt(psql("saas", "SELECT count(*) FROM flyway_schema_history WHERE success")))
                    .as("the SaaS API's applied migrations")
                    .isPositive();
        } finally {
            saas.stop();
        }
    }
}
