package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./stack demo}, as a new user runs it: from the repository
 * root, in its own data folder and on its own ports (so a developer's running stack is left
 * alone). It must print the cow and the deal's payments, and leave nothing running.
 */
class StackScriptIT {

    private static final Pattern STARTED = Pattern.compile("started (\\S+) \\(pid (\\d+)");
    private static final Pattern CHAIN_STARTED = Pattern.compile("chain running \\(pid (\\d+)\\)");

    @Test
    void shouldPrintTheCowAndThePaymentsAndStopEverythingWhenRunningTheDemo() throws Exception {
        Path root = Path.of(System.getProperty("coophive.project.dir", ".."))
                .toAbsolutePath()
                .normalize();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-tests")), "stack-")
                .toAbsolutePath();
        Map<String, String> ports = new LinkedHashMap<>();
        for (String name : List.of("CHAIN", "SOLVER", "RESOURCE_PROVIDER", "JOBCREATOR", "MEDIATOR", "SAAS")) {
            ports.put("STACK_" + name + "_PORT", String.valueOf(FreePorts.next()));
        }
        Path output = work.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder("./stack", "demo")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(ports);
        builder.environment().put("STACK_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("STACK_ENV_FILE", work.resolve("dev.env").toString());
        builder.environment().remove("WEB3_RPC_URL");
        // The reactor built the jars this test is about; the demo must not build them again.
        builder.environment().put("STACK_SKIP_BUILD", "true");

        Process demo = builder.start();
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        if (!finished) demo.destroy();
        String log = Files.readString(output);

        assertThat(finished).as("demo finished within 5 minutes:\n%s", log).isTrue();
        assertThat(demo.exitValue()).as(log).isZero();
        assertThat(log).as(log).contains("< moo >", "(oo)\\_______", "Job succeeded", "the deal's payments");
        String jobCreator = row(log, "job_creator");
        String provider = row(log, "resource_provider");
        assertThat(tokenChange(jobCreator)).as(jobCreator).startsWith("-");
        assertThat(tokenChange(provider)).as(provider).startsWith("+");
        assertThat(tokenChange(jobCreator).substring(1))
                .isEqualTo(tokenChange(provider).substring(1));

        List<Long> pids = new ArrayList<>();
        Matcher started = STARTED.matcher(log);
        while (started.find()) pids.add(Long.parseLong(started.group(2)));
        Matcher chain = CHAIN_STARTED.matcher(log);
        while (chain.find()) pids.add(Long.parseLong(chain.group(1)));
        assertThat(pids).as("chain and five services (saas-api too) started").hasSize(6);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d still running", pid)
                    .isFalse();
        }
        for (var port : ports.entrySet()) {
            assertThat(listening(Integer.parseInt(port.getValue())))
                    .as("%s %s still listening", port.getKey(), port.getValue())
                    .isFalse();
        }
        try (Stream<Path> pidFiles = Files.list(work.resolve("data").resolve("pids"))) {
            assertThat(pidFiles).as("pid files left").isEmpty();
        }
    }

    /** The payments table's row of an account (the last table in the output). */
    private static String row(String log, String account) {
        List<String> rows =
                log.lines().filter(line -> line.startsWith(account + " ")).toList();
        assertThat(rows).as("rows of %s", account).isNotEmpty();
        return rows.get(rows.size() - 1);
    }

    /** account, address, tokens before, tokens after, token change, ether change. */
    private static String tokenChange(String row) {
        String[] columns = row.trim().split("\\s+");
        assertThat(columns).as(row).hasSize(6);
        return columns[4];
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            // Refused: nothing listens there any more, as the demo promised.
            return false;
        }
    }
}
