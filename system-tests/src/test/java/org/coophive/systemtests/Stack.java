package org.coophive.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The whole network on one machine: Anvil with the contracts, and the solver, resource provider,
 * mediator and (optionally) job creator daemon as separate processes from their jars, each with
 * its own data folder, each restartable (SIGTERM or SIGKILL) on the same folder. The job creator's
 * {@code run} is started as a subprocess per job ({@link #run}).
 *
 * <p>The services find the solver the way users' services do: from the URL it registers in the
 * Users contract (no {@code SERVICE_SOLVER_URL}).
 */
final class Stack implements AutoCloseable {

    /** How long a service may take to be healthy ({@code -Dcoophive.services.startupSeconds}, 120). */
    static final Duration STARTUP = Duration.ofSeconds(Long.getLong("coophive.services.startupSeconds", 120));

    static final String API_TOKEN = "system-tests-token-0123456789";

    private final ChainFixture chain;
    private final Path root;
    private final String prefix;
    private final int solverPort = FreePorts.next();
    private final int providerPort = FreePorts.next();
    private final int mediatorPort = FreePorts.next();
    private final int daemonPort = FreePorts.next();
    private final int saasPort = FreePorts.next();
    private final Map<String, String> providerExtra = new LinkedHashMap<>();
    private final Map<String, String> solverExtra = new LinkedHashMap<>();
    private final List<ServiceProcess> runs = new ArrayList<>();
    private final List<ServiceProcess> moreProviders = new ArrayList<>();
    private ServiceProcess solver;
    private ServiceProcess provider;
    private ServiceProcess mediator;
    private ServiceProcess daemon;
    private ServiceProcess saas;
    private int runCount;
    private Path modules;

    private Stack(ChainFixture chain, Path root, String prefix) {
        this.chain = chain;
        this.root = root;
        this.prefix = prefix;
    }

    /** A chain and the solver only. */
    static Stack chainAndSolver(String name) throws Exception {
        return chainAndSolver(name, Map.of());
    }

    /** A chain and the solver only, the solver with extra environment (e.g. its limits off for a benchmark). */
    static Stack chainAndSolver(String name, Map<String, String> solverEnvironment) throws Exception {
        Path root = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "system-tests").toAbsolutePath()), name + "-");
        Stack stack = new Stack(ChainFixture.start(), root, name);
        stack.solverExtra.putAll(solverEnvironment);
        try {
            stack.startSolver();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** A chain, the solver, a resource provider and a mediator, all healthy. */
    static Stack start(String name) throws Exception {
        Stack stack = chainAndSolver(name);
        try {
            stack.startProvider();
            stack.startMediator();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * A folder whose {@code modules/} catalogue the provider and {@code run} use ahead of the
     * shipped one (test modules), from their next start on.
     */
    Stack withModules(Path folder) {
        this.modules = folder;
        return this;
    }

    ChainFixture chain() {
        return chain;
    }

    Path root() {
        return root;
    }

    ServiceProcess solver() {
        return solver;
    }

    ServiceProcess provider() {
        return provider;
    }

    ServiceProcess mediator() {
        return mediator;
    }

    ServiceProcess daemon() {
        return daemon;
    }

    String solverUrl() {
        return "http://127.0.0.1:" + solverPort;
    }

    /** A chain client with this account's key, for the test to read the chain (or play a party). */
    Web3ChainClient client(DevAccount account) {
        return Web3ChainClient.connect(Web3Properties.fromEnvironment(web3(account)));
    }

    static String key(DevAccount account) {
        return key(account.credentials());
    }

    private static String key(Credentials credentials) {
        return Numeric.toHexStringWithPrefixZeroPadded(
                credentials.getEcKeyPair().getPrivateKey(), 64);
    }

    /** The environment every service gets: the chain and its key. */
    Map<String, String> web3(DevAccount account) {
        return web3(account.credentials());
    }

    private Map<String, String> web3(Credentials credentials) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WEB3_RPC_URL", chain.node().rpcUrl());
        env.put("WEB3_CHAIN_ID", String.valueOf(AnvilNode.CHAIN_ID));
        env.put("WEB3_PRIVATE_KEY", key(credentials));
        env.put("WEB3_CONTROLLER_ADDRESS", chain.addresses().controller());
        return env;
    }

    /** The solver and mediators a provider or job creator trusts. */
    private Map<String, String> trust(DevAccount account) {
        return trust(account.credentials());
    }

    private Map<String, String> trust(Credentials credentials) {
        Map<String, String> env = web3(credentials);
        env.put("SERVICE_SOLVER", DevAccounts.solver().address());
        env.put("SERVICE_MEDIATORS", DevAccounts.mediator().address());
        return env;
    }

    private String dataDir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name)).toString();
    }

    ServiceProcess startSolver() throws IOException, InterruptedException {
        return startSolver(Map.of());
    }

    /** Starts the solver with these variables for this start only (e.g. its RPC behind a proxy); waits until healthy. */
    ServiceProcess startSolver(Map<String, String> once) throws IOException, InterruptedException {
        Map<String, String> env = web3(DevAccounts.solver());
        env.put("SERVER_URL", solverUrl());
        env.put("SOLVER_DATA_DIR", dataDir("solver"));
        env.putAll(solverExtra);
        env.putAll(once);
        solver = ServiceProcess.start(prefix + "-solver", "solver-service", solverPort, env, List.of());
        return solver.awaitHealthy(STARTUP);
    }

    /** Extra environment for the provider's next starts (e.g. {@code TEST_MODE_WRONG_RESULTS}). */
    Map<String, String> providerEnvironment() {
        return providerExtra;
    }

    ServiceProcess startProvider() throws IOException, InterruptedException {
        return startProvider(Map.of()).awaitHealthy(STARTUP);
    }

    /** Starts the provider with these variables for this start only; does not wait. */
    ServiceProcess startProvider(Map<String, String> once) throws IOException {
        Map<String, String> env = trust(DevAccounts.resourceProvider());
        env.put("DATA_DIR", dataDir("resource-provider"));
        env.put("RECONCILE_INTERVAL", "1s");
        env.putAll(providerExtra);
        env.putAll(once);
        provider = ServiceProcess.start(
                prefix + "-resource-provider", "resource-provider-service", providerPort, env, List.of(), modules);
        return provider;
    }

    /**
     * One more resource provider, with the extra dev account {@code index} (8 and up: ether from
     * Anvil; the test gives it tokens here), its own data folder and port, the provider
     * environment of {@link #providerEnvironment()} and {@code extra}; healthy when this returns.
     * Stopped with the stack.
     */
    ServiceProcess startMoreProvider(int index, Map<String, String> extra) throws Exception {
        Credentials credentials = chain.extra(index).credentials();
        chain.admin()
                .token()
                .transfer(credentials.getAddress(), ChainFixture.TOKENS_PER_ACCOUNT)
                .send();
        Map<String, String> env = trust(credentials);
        env.put("DATA_DIR", dataDir("resource-provider-" + index));
        env.put("RECONCILE_INTERVAL", "1s");
        env.putAll(providerExtra);
        env.putAll(extra);
        ServiceProcess more = ServiceProcess.start(
                prefix + "-resource-provider-" + index,
                "resource-provider-service",
                FreePorts.next(),
                env,
                List.of(),
                modules);
        moreProviders.add(more);
        return more.awaitHealthy(STARTUP);
    }

    /** The providers started by {@link #startMoreProvider}, in order. */
    List<ServiceProcess> moreProviders() {
        return List.copyOf(moreProviders);
    }

    ServiceProcess startMediator() throws IOException, InterruptedException {
        Map<String, String> env = web3(DevAccounts.mediator());
        env.put("SERVICE_SOLVER", DevAccounts.solver().address());
        env.put("DATA_DIR", dataDir("mediator"));
        env.put("MEDIATOR_PASS_INTERVAL", "1s");
        mediator = ServiceProcess.start(prefix + "-mediator", "mediator-service", mediatorPort, env, List.of());
        return mediator.awaitHealthy(STARTUP);
    }

    /**
     * The job creator daemon with the solver's dev key: the account the OnChainJobCreator's
     * controller is set to at deployment (contracts {@code Deployer}), so it takes on-chain jobs.
     */
    ServiceProcess startDaemon() throws IOException, InterruptedException {
        return startDaemon(Map.of());
    }

    /** As {@link #startDaemon()}, with extra variables (e.g. {@code JOBCREATOR_MATCH_TIMEOUT}). */
    ServiceProcess startDaemon(Map<String, String> extra) throws IOException, InterruptedException {
        Map<String, String> env = trust(DevAccounts.solver());
        env.put("DATA_DIR", dataDir("jobcreator-daemon"));
        env.put("JOBCREATOR_API_TOKEN", API_TOKEN);
        env.put("JOBCREATOR_PASS_INTERVAL", "1s");
        env.putAll(extra);
        daemon = ServiceProcess.start(prefix + "-jobcreator-daemon", "jobcreator-service", daemonPort, env, List.of());
        return daemon.awaitHealthy(STARTUP);
    }

    /**
     * saas-api in front of the job creator daemon (start that first), with its embedded PostgreSQL in
     * its data folder; {@code admin@example.org} is its administrator.
     */
    ServiceProcess startSaas() throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JOBCREATOR_URL", "http://127.0.0.1:" + daemonPort);
        env.put("JOBCREATOR_API_TOKEN", API_TOKEN);
        env.put("SAAS_DATA_DIR", dataDir("saas"));
        env.put("SAAS_SOLVER_URL", solverUrl());
        env.put("SAAS_JOB_POLL_INTERVAL", "200ms");
        env.put("SAAS_ADMIN_EMAILS", "admin@example.org");
        saas = ServiceProcess.start(prefix + "-saas-api", "saas-api", saasPort, env, List.of());
        return saas.awaitHealthy(STARTUP);
    }

    ServiceProcess saas() {
        return saas;
    }

    /** What one {@code run} printed and how it exited. */
    record RunResult(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** A started {@code run}: its output so far, and its end. */
    final class Run {
        private final Process process;
        private final Path out;
        private final Path err;

        private Run(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        String stderr() {
            return read(err);
        }

        Process process() {
            return process;
        }

        RunResult await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("run did not end within " + timeout + ":\n" + read(err) + "\n" + logs());
            }
            return new RunResult(process.exitValue(), read(out), read(err));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * Starts {@code java -jar jobcreator-service.jar run args...} as the job creator dev account,
     * on its own data folder (a user's machine), quiet logs as users get them.
     */
    Run startRun(Map<String, String> extraEnv, String... args) throws IOException {
        int n = ++runCount;
        Path dir = Files.createDirectories(root.resolve("run-" + n));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(ServiceProcess.launch(ServiceJars.jar("jobcreator-service"), modules));
        command.add("run");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().putAll(trust(DevAccounts.jobCreator()));
        builder.environment().put("DATA_DIR", dir.resolve("data").toString());
        builder.environment().putAll(extraEnv);
        return new Run(builder.start(), dir.resolve("stdout"), dir.resolve("stderr"));
    }

    /** Runs {@code run args...} to its end. */
    RunResult run(Duration timeout, String... args) throws IOException, InterruptedException {
        return startRun(Map.of(), args).await(timeout);
    }

    /** The tails of every service's log, for failure messages. */
    String logs() {
        StringBuilder text = new StringBuilder();
        for (ServiceProcess service : services()) {
            if (service == null) continue;
            text.append("\n--- ")
                    .append(service.name())
                    .append(" (last lines) ---\n")
                    .append(service.tail(40));
        }
        return text.toString();
    }

    /** Every service started so far. */
    List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        for (ServiceProcess service : new ServiceProcess[] {solver, provider, mediator, daemon, saas}) {
            if (service != null) all.add(service);
        }
        all.addAll(moreProviders);
        return all;
    }

    @Override
    public void close() throws Exception {
        List<ServiceProcess> all = new ArrayList<>(moreProviders);
        all.addAll(Arrays.asList(saas, daemon, mediator, provider, solver));
        for (ServiceProcess service : all) {
            try {
                if (service != null) service.close();
            } catch (Exception e) {
                // Stop the others all the same.
            }
        }
        chain.close();
    }
}
