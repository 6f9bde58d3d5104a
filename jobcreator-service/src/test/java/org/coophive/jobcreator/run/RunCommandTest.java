package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run} says before any job starts: configuration and reachability. */
class RunCommandTest {

    @TempDir
    java.nio.file.Path dataDir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return RunCommand.execute(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Map<String, String> env(String rpcUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("WEB3_RPC_URL", rpcUrl);
        env.put("WEB3_CHAIN_ID", "1337");
        env.put("WEB3_PRIVATE_KEY", "0x" + "1".repeat(64));
        env.put("WEB3_CONTROLLER_ADDRESS", DevAccounts.admin().address());
        env.put("SERVICE_SOLVER", DevAccounts.solver().address());
        env.put("SERVICE_MEDIATORS", DevAccounts.mediator().address());
        env.put("DATA_DIR", dataDir.toString());
        return env;
    }

    @Test
    void shouldExitTwoAndNameTheVariableWhenTheKeyIsMissing() {
        Map<String, String> env = env("http://127.0.0.1:1");
        env.remove("WEB3_PRIVATE_KEY");

        assertThat(run(env, "cowsay:v0.0.1", "-i", "Message=moo")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WEB3_PRIVATE_KEY is missing");
    }

    @Test
    void shouldExitTwoWhenTheMediationChanceIsOutOfRange() {
        assertThat(run(env("http://127.0.0.1:1"), "cowsay:v0.0.1", "--mediation-chance", "101"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("MEDIATION_CHANCE must be between 0 and 100");
    }

    @Test
    void shouldExitFiveWhenTheChainIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int code = run(env("http://127.0.0.1:" + closedPort), "cowsay:v0.0.1");

        assertThat(code).isEqualTo(ExitCodes.CHAIN_UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the chain is unreachable");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("1".repeat(64));
    }

    @Test
    void shouldListTheExitCodesInItsHelp() {
        assertThat(run(env("http://127.0.0.1:1"), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Exit codes:")
                .containsPattern("3 +no resource offer matched");
    }

    @Test
    void shouldLogToStderrNotStdoutWhenQuieted() {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            RunCommand.quietLogs(Map.of());

            org.slf4j.LoggerFactory.getLogger(RunCommandTest.class).error("a service log line");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(capturedOut.toString(StandardCharsets.UTF_8)).doesNotContain("a service log line");
        assertThat(capturedErr.toString(StandardCharsets.UTF_8)).contains("a service log line");
    }
}
