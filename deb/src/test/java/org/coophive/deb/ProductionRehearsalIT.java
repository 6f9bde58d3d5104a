package org.coophive.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.contracts.testing.AnvilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production guide (docs/PRODUCTION.md), rehearsed: a Debian container with systemd as its
 * init is the fresh host; the package built by this module is installed in it; the guide's
 * rehearsed blocks run in it as written, against an Anvil chain on the host as the "production"
 * chain; the units are started with systemctl and a cowsay job runs through them. Then the
 * provider is killed ({@code systemctl kill -s KILL}) while a second job's container exists and
 * systemd's restart finishes that deal.
 *
 * <p>How the container is run (TOOLCHAIN "systemd as PID 1 in Docker"): {@code --cap-add SYS_ADMIN
 * --cgroupns=host} with the host's cgroup hierarchy and tmpfs /run; {@code --privileged} fails on
 * these engines. {@code --network host}, because Anvil (the contracts test-jar's {@link AnvilNode})
 * listens on the host's 127.0.0.1: the services reach it there, and the test reaches nothing in
 * the container but through {@code docker exec}. The host's Docker socket is mounted at its usual
 * path and the image's group {@code docker} has the socket's group id, so the provider runs jobs on
 * the host's engine (job files move through the Docker API, so no path has to match).
 */
class ProductionRehearsalIT {

    private static final String IMAGE = "coophive/rehearsal-host:bookworm";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern MATCHED = Pattern.compile("matched\\s+deal (Qm[1-9A-HJ-NP-Za-km-z]+)");
    private static final Pattern ADDRESS = Pattern.compile("(?m)^export ([A-Z_]+)_ADDRESS=(0x[0-9a-fA-F]{40})$");
    private static final Pattern EXPORT = Pattern.compile("(?m)^export ([A-Z0-9_]+)=");

    private final String container =
            "coophive-rehearsal-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private AnvilNode chain;
    private volatile String dealId; // read from run's output on its reader thread

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        Shell.run(Duration.ofMinutes(1), "docker", "rm", "-f", "-v", container);
        if (dealId != null) Shell.run(Duration.ofMinutes(1), "docker", "rm", "-f", "coophive-job-" + dealId);
        if (chain != null) chain.close();
        timings.forEach((step, millis) -> System.out.printf("rehearsal %-28s %6d ms%n", step, millis));
    }

    @Test
    void theGuideRunsOnAFreshHostAndSystemdFinishesTheDealOfAKilledProvider() throws Exception {
        Map<String, String> guide =
                GuideBlocks.read(PackageContents.projectDir().resolve("docs/PRODUCTION.md"));
        assertThat(guide.keySet())
                .containsExactly(
                        "install",
                        "keys",
                        "settings",
                        "deploy",
                        "tokens",
                        "env-files",
                        "start",
                        "logs",
                        "job",
                        "nginx");

        long started = System.nanoTime();
        buildImage();
        time("image build", started);

        started = System.nanoTime();
        chain = AnvilNode.start();
        startHost();
        time("host booted (systemd)", started);
        try {
            rehearse(guide);
        } catch (Throwable failure) {
            System.err.println(journal());
            throw failure;
        }
    }

    private void rehearse(Map<String, String> guide) throws Exception {
        long started = System.nanoTime();
        Shell.run(
                        COMMAND_TIMEOUT,
                        "docker",
                        "cp",
                        PackageContents.debFile().toString(),
                        container + ":/root/coophive.deb")
                .ok();
        String installed = guideStep(guide, "install");
        assertThat(installed).contains("0.1.0-SNAPSHOT");
        assertThat(exec("systemctl list-units 'coophive-*' --all --state=active --no-legend"))
                .as("nothing runs before the operator asks")
                .isBlank();
        assertThat(exec("id coophive")).contains("(coophive)");
        time("package installed", started);

        // The installed units, verified where they run (bacalhau's binary is the operator's to install).
        assertThat(
                        exec(
                                "cd /lib/systemd/system && systemd-analyze verify $(ls coophive-*.service | grep -v bacalhau) 2>&1"))
                .as("systemd-analyze verify of the installed units")
                .isBlank();

        // 2. keys, and the chain's settings in the guide's form with this chain's values.
        started = System.nanoTime();
        String addresses = guideStep(guide, "keys");
        Map<String, String> accounts = new LinkedHashMap<>();
        Matcher address = ADDRESS.matcher(addresses);
        while (address.find()) accounts.put(address.group(1), address.group(2));
        assertThat(accounts.keySet())
                .containsExactly("ADMIN", "FAUCET", "SOLVER", "MEDIATOR", "RESOURCE_PROVIDER", "JOB_CREATOR");
        assertThat(exec("stat -c %a /root/prod.env")).as("prod.env holds keys").isEqualToIgnoringWhitespace("600");

        int solverPort = freePort(), jobCreatorPort = freePort(), providerPort = freePort();
        int mediatorPort = freePort(), saasPort = freePort(), faucetPort = freePort();
        String settings = "export WEB3_RPC_URL=" + chain.rpcUrl() + "\n"
                + "export WEB3_CHAIN_ID=" + AnvilNode.CHAIN_ID + "\n"
                + "export SOLVER_URL=http://127.0.0.1:" + solverPort + "\n";
        assertThat(names(settings)).as("the guide's settings").isEqualTo(names(guide.get("settings")));
        exec("cat >> prod.env <<'EOF'\n" + settings + "EOF");

        // 3. funding: on Anvil, balances are set (a real operator sends ether from a wallet).
        for (String account : accounts.values()) {
            chain.setBalance(account, BigInteger.TEN.pow(20));
        }

        // 4. deploy, then tokens.
        String contracts = guideStep(guide, "deploy");
        assertThat(contracts).containsPattern("WEB3_CONTROLLER_ADDRESS=0x[0-9a-fA-F]{40}");
        String balances = guideStep(guide, "tokens");
        assertThat(balances)
                .containsPattern("resource_provider\\s+" + accounts.get("RESOURCE_PROVIDER") + "\\s+\\S+\\s+1000\\b");
        time("keys, deploy, tokens", started);

        // 5. env files; then the rehearsal's one deviation: free ports (the container shares the host's network).
        String envFiles = guideStep(guide, "env-files");
        assertThat(envFiles).contains("-rw------- 1 root root");
        String javaOpts = "COOPHIVE_JAVA_OPTS=-XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
        exec("printf '%s\\n' 'SERVER_PORT=" + solverPort + "' '" + javaOpts + "' >> /etc/coophive/solver.env\n"
                + "printf '%s\\n' 'SERVER_PORT=" + jobCreatorPort + "' '" + javaOpts
                + "' >> /etc/coophive/job-creator.env\n"
                + "printf '%s\\n' 'SERVER_PORT=" + providerPort + "' '" + javaOpts
                + "' >> /etc/coophive/resource-provider.env\n"
                + "printf '%s\\n' 'SERVER_PORT=" + mediatorPort + "' '" + javaOpts + "' >> /etc/coophive/mediator.env\n"
                + "printf '%s\\n' 'SERVER_PORT=" + saasPort + "' '" + javaOpts + "' 'JOBCREATOR_URL=http://127.0.0.1:"
                + jobCreatorPort + "' >> /etc/coophive/saas-api.env\n"
                + "printf '%s\\n' 'SERVER_PORT=" + faucetPort + "' '" + javaOpts + "' >> /etc/coophive/faucet.env");

        // 6. start the units in order; each start returns once the service is ready.
        started = System.nanoTime();
        guideStep(guide, "start");
        time("units started (all ready)", started);
        assertThat(exec("systemctl show -p User -p NRestarts -p ActiveState coophive-solver"))
                .contains("User=coophive", "ActiveState=active");
        assertThat(exec("ps -o user= -C java | sort -u")).isEqualToIgnoringWhitespace("coophive");
        assertThat(guideStep(guide, "logs")).contains("coophive-solver");

        // 7. a job through the units.
        started = System.nanoTime();
        String cow = guideStep(guide, "job");
        assertThat(cow).contains("hello production", "(oo)");
        time("cowsay job (coophive run)", started);

        // 8. the proxy configuration, with the snake-oil certificate in place of the operator's.
        String nginx = guide.get("nginx")
                .replaceAll("/etc/letsencrypt/live/[^/]+/fullchain\\.pem", "/etc/ssl/certs/ssl-cert-snakeoil.pem")
                .replaceAll("/etc/letsencrypt/live/[^/]+/privkey\\.pem", "/etc/ssl/private/ssl-cert-snakeoil.key");
        exec("cat > /etc/nginx/sites-enabled/coophive <<'EOF'\n" + nginx + "EOF\nnginx -t 2>&1");

        killTheProviderMidJob(guide);

        // Every unit stops cleanly, clients before the solver (the reverse of their order): the JVM's
        // exit code 143 on SIGTERM is a success, and the solver closes its embedded PostgreSQL itself.
        started = System.nanoTime();
        List<String> units = List.of(
                "coophive-saas-api",
                "coophive-job-creator",
                "coophive-resource-provider",
                "coophive-mediator",
                "coophive-solver");
        exec("systemctl stop " + String.join(" ", units));
        time("all units stopped", started);
        for (String unit : units) {
            assertThat(exec("systemctl show -p ActiveState -p Result " + unit))
                    .as(unit + " after systemctl stop")
                    .contains("ActiveState=inactive", "Result=success");
        }
        assertThat(exec("journalctl -u coophive-solver --no-pager -o cat"))
                .as("the solver's embedded PostgreSQL shut down cleanly")
                .contains("server stopped", "Deactivated successfully");
    }

    /**
     * A second job; the moment the provider has created its container, {@code systemctl kill -s
     * KILL} the provider (through a systemctl already waiting in the container, so the kill lands
     * within milliseconds); systemd restarts it and the restarted provider finishes the deal.
     */
    private void killTheProviderMidJob(Map<String, String> guide) throws Exception {
        String unit = "coophive-resource-provider.service";
        Map<String, String> before = unitState(unit);

        BlockingQueue<String> created = new LinkedBlockingQueue<>();
        Process events = start(
                "docker",
                "events",
                "--filter",
                "type=container",
                "--filter",
                "event=create",
                "--filter",
                "label=org.coophive.job",
                "--format",
                "{{index .Actor.Attributes \"org.coophive.job\"}}");
        follow(events.getInputStream(), created::add);
        Process killer =
                start("docker", "exec", "-i", container, "sh", "-c", "read go && exec systemctl kill -s KILL " + unit);

        long started = System.nanoTime();
        String job = guide.get("job").replace("hello production", "killed mid-job");
        ByteArrayOutputStream runOut = new ByteArrayOutputStream();
        StringBuilder runErr = new StringBuilder();
        Process run = start("docker", "exec", "-w", "/root", container, "bash", "-euo", "pipefail", "-c", job);
        Shell.drain(run.getInputStream(), runOut);
        follow(run.getErrorStream(), line -> {
            synchronized (runErr) {
                runErr.append(line).append('\n');
                Matcher matched = MATCHED.matcher(line);
                if (matched.find()) dealId = matched.group(1);
            }
        });

        // The provider's job container for this deal exists: kill the provider now.
        // The container may be made (while the agreements mine) before run prints the deal's id.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Set<String> labels = new HashSet<>();
        while (dealId == null || !labels.contains(dealId)) {
            assertThat(System.nanoTime())
                    .as("the job container of our deal is created; run said:\n" + runErr)
                    .isLessThan(deadline);
            String label = created.poll(100, TimeUnit.MILLISECONDS);
            if (label != null) labels.add(label);
        }
        try (OutputStream go = killer.getOutputStream()) {
            go.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(killer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killer.exitValue()).as("systemctl kill -s KILL").isZero();
        time("job container to provider killed", started);
        String jobState = Shell.run(
                        COMMAND_TIMEOUT, "docker", "inspect", "-f", "{{.State.Status}}", "coophive-job-" + dealId)
                .ok()
                .strip();
        assertThat(jobState).as("the job is under way when the provider dies").isIn("created", "running", "exited");
        assertThat(run.isAlive())
                .as("the job creator is still waiting for the deal")
                .isTrue();

        // systemd restarts the provider (RestartSec=5s) and the new one finishes the deal.
        started = System.nanoTime();
        long restartedBy = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, String> after = unitState(unit);
        while (!(after.get("ActiveState").equals("active")
                && Long.parseLong(after.get("NRestarts")) == Long.parseLong(before.get("NRestarts")) + 1)) {
            assertThat(System.nanoTime())
                    .as("the provider is restarted by systemd: " + after)
                    .isLessThan(restartedBy);
            Thread.sleep(200);
            after = unitState(unit);
        }
        assertThat(after.get("MainPID")).isNotEqualTo(before.get("MainPID"));
        time("provider restarted by systemd", started);

        assertThat(run.waitFor(4, TimeUnit.MINUTES))
                .as("the job ends; run said:\n" + runErr)
                .isTrue();
        String stdout = runOut.toString(StandardCharsets.UTF_8);
        assertThat(run.exitValue())
                .as("coophive run's exit code; it said:\n" + runErr + stdout)
                .isZero();
        assertThat(stdout).contains("killed mid-job");
        time("killed deal finished", started);
        assertThat(exec("journalctl -u " + unit + " --no-pager -o cat"))
                .as("the journal tells the kill and the restart")
                .contains("Main process exited, code=killed, status=9/KILL");
        assertThat(Shell.run(COMMAND_TIMEOUT, "docker", "inspect", "coophive-job-" + dealId)
                        .exitCode())
                .as("the restarted provider collected and removed the job's container")
                .isNotZero();
    }

    private void buildImage() throws IOException {
        Object gid = Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
        Path context = PackageContents.projectDir().resolve("deb/src/test/docker");
        Shell.run(
                        null,
                        Duration.ofMinutes(10),
                        List.of(
                                "docker",
                                "build",
                                "--pull=false",
                                "--build-arg",
                                "DOCKER_GID=" + gid,
                                "-t",
                                IMAGE,
                                context.toString()))
                .ok();
    }

    private void startHost() throws InterruptedException {
        Shell.run(
                        COMMAND_TIMEOUT,
                        "docker",
                        "run",
                        "-d",
                        "--name",
                        container,
                        "--network",
                        "host",
                        "--cap-add",
                        "SYS_ADMIN",
                        "--cgroupns=host",
                        "-v",
                        "/sys/fs/cgroup:/sys/fs/cgroup:rw",
                        "--tmpfs",
                        "/run",
                        "--tmpfs",
                        "/run/lock",
                        "-v",
                        "/var/run/docker.sock:/var/run/docker.sock",
                        IMAGE)
                .ok();
        // `is-system-running --wait` fails until the bus is up: poll it first.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            String state = Shell.run(COMMAND_TIMEOUT, "docker", "exec", container, "systemctl", "is-system-running")
                    .stdout()
                    .strip();
            if (state.equals("running") || state.equals("degraded")) return;
            assertThat(System.nanoTime())
                    .as("systemd boots in the container (state: " + state + ")")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Runs a rehearsed block of the guide in /root, as root, in one bash with -euo pipefail. */
    private String guideStep(Map<String, String> guide, String name) {
        return exec(guide.get(name));
    }

    private String exec(String script) {
        Shell.Result result = Shell.run(
                null,
                COMMAND_TIMEOUT,
                List.of("docker", "exec", "-w", "/root", container, "bash", "-euo", "pipefail", "-c", script));
        if (result.exitCode() != 0) throw new AssertionError(result.describe());
        return result.stdout();
    }

    private Map<String, String> unitState(String unit) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String line : exec("systemctl show -p ActiveState -p NRestarts -p MainPID " + unit)
                .split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0)
                state.put(line.substring(0, equals), line.substring(equals + 1).strip());
        }
        return state;
    }

    private String journal() {
        return Shell.run(
                        COMMAND_TIMEOUT,
                        "docker",
                        "exec",
                        container,
                        "journalctl",
                        "--no-pager",
                        "-o",
                        "short-precise",
                        "-u",
                        "coophive-*",
                        "-n",
                        "300")
                .stdout();
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    /** Hands each line of a process's output to a consumer, on a daemon thread. */
    private static void follow(InputStream output, Consumer<String> lines) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) lines.accept(line.strip());
                    } catch (IOException e) {
                        // The process ended.
                    }
                },
                "rehearsal-follow");
        thread.setDaemon(true);
        thread.start();
    }

    private static List<String> names(String block) {
        List<String> names = new ArrayList<>();
        Matcher export = EXPORT.matcher(block);
        while (export.find()) names.add(export.group(1));
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void time(String step, long startedNanos) {
        timings.put(step, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }
}
