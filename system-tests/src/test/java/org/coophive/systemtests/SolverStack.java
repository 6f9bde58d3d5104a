package org.coophive.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.web3j.utils.Numeric;

/** A chain with the contracts deployed, and a solver process on it that can be killed and restarted. */
final class SolverStack implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);

    private final ChainFixture chain;
    private final int solverPort = FreePorts.next();
    private final Path solverData;
    private ServiceProcess solver;

    private SolverStack(ChainFixture chain, Path solverData) {
        this.chain = chain;
        this.solverData = solverData;
    }

    static SolverStack start() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-tests")), "solver-");
        SolverStack stack = new SolverStack(ChainFixture.start(), data);
        stack.startSolver();
        return stack;
    }

    ChainFixture chain() {
        return chain;
    }

    ServiceProcess solver() {
        return solver;
    }

    String solverUrl() {
        return "http://127.0.0.1:" + solverPort;
    }

    /** The environment every service of the stack gets: the chain and its key. */
    Map<String, String> web3(DevAccount account) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WEB3_RPC_URL", chain.node().rpcUrl());
        env.put("WEB3_CHAIN_ID", String.valueOf(AnvilNode.CHAIN_ID));
        env.put(
                "WEB3_PRIVATE_KEY",
                Numeric.toHexStringWithPrefixZeroPadded(
                        account.credentials().getEcKeyPair().getPrivateKey(), 64));
        env.put("WEB3_CONTROLLER_ADDRESS", chain.addresses().controller());
        return env;
    }

    /** Starts the solver (again, after a stop or kill) on the same port and data folder. */
    ServiceProcess startSolver() throws IOException, InterruptedException {
        Map<String, String> env = web3(org.coophive.contracts.DevAccounts.solver());
        env.put("SERVER_URL", solverUrl());
        env.put("SOLVER_DATA_DIR", solverData.toAbsolutePath().toString());
        solver = ServiceProcess.start("solver", "solver-service", solverPort, env, List.of());
        return solver.awaitHealthy(STARTUP);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (solver != null) solver.close();
        } finally {
            chain.close();
        }
    }
}
