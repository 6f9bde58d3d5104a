package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.coophive.common.model.Privileges;
import org.coophive.common.testing.Await;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.JobSpec;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.module.ModuleReference;
import org.coophive.executor.results.ResultPackager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs jobs on the real local engine with the images of {@code docker/build-images.sh}. Fails
 * (does not skip) when no engine answers: CI installs one, and a skip would hide a broken CI.
 */
class DockerExecutorIT {

    static final String BUSYBOX = "coophive/busybox:test";
    static final String COWSAY = "coophive/cowsay:v0.0.1";

    static DockerClient docker;
    static DockerExecutor executor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() throws Exception {
        docker = DockerExecutor.localEngine();
        docker.pingCmd().exec();
        for (String image : List.of(BUSYBOX, COWSAY)) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                throw new IllegalStateException(image + " is missing: run docker/build-images.sh", e);
            }
        }
        executor = new DockerExecutor(docker, ImagePolicy.NEVER);
    }

    @AfterAll
    static void disconnect() throws IOException {
        docker.close();
    }

    /** What other users of a shared engine have left: only what appears during a test is this test's. */
    Set<String> volumesBefore;

    Set<String> holdersBefore;

    @BeforeEach
    void noteWhatIsThere() {
        volumesBefore = outputsVolumes();
        holdersBefore = holders();
    }

    /** The executor removes a job's container, holder and volume in the background, soon after the run. */
    @AfterEach
    void noJobContainerIsLeft() {
        Await.until(REMOVED, "the job containers removed", () -> jobContainers().isEmpty());
        Await.until(REMOVED, "the outputs holders removed", () -> holdersBefore.containsAll(holders()));
        Await.until(REMOVED, "the outputs volumes removed", () -> volumesBefore.containsAll(outputsVolumes()));
    }

    /** How long the background removal of a finished job may take on a loaded machine. */
    static final Duration REMOVED = Duration.ofSeconds(30);

    static Set<String> outputsVolumes() {
        return docker.listVolumesCmd().exec().getVolumes().stream()
                .map(v -> v.getName())
                .filter(name -> name.startsWith(DockerExecutor.OUTPUTS_VOLUME_PREFIX))
                .collect(Collectors.toSet());
    }

    static Set<String> holders() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OutputsSpace.LABEL)).exec().stream()
                .map(c -> c.getId())
                .collect(Collectors.toSet());
    }

    static List<String> jobContainers() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.JOB_LABEL, "true"))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }

    /** Runs {@code spec} on {@code on}; {@link DockerGatedExecutorIT} runs it behind the gate. */
    ExecutionResult run(DockerExecutor on, JobSpec spec, Path resultDir) throws ExecutionException {
        return on.run(spec, resultDir);
    }

    static JobSpec job(String image, List<String> command) {
        return new JobSpec(
                "test:v0",
                image,
                command,
                Map.of(),
                1000,
                128,
                0,
                Duration.ofSeconds(30),
                false,
                "/outputs",
                JobSpec.Verification.EXACT);
    }

    static JobSpec with(
            JobSpec j, long memoryMb, int gpus, Duration timeout, boolean network, Map<String, String> env) {
        return new JobSpec(
                j.module(),
                j.image(),
                j.command(),
                env,
                j.cpuMillis(),
                memoryMb,
                gpus,
                timeout,
                network,
                j.outputsPath(),
                j.verification());
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void shouldRenderTheMessageWhenCowsayRuns() throws Exception {
        Path result = tmp.resolve("r");

        ExecutionResult run = run(executor, job(COWSAY, List.of("cowsay", "hello from coophive")), result);

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(result.resolve("stdout")))
                .contains("< hello from coophive >")
                .contains("(oo)");
        assertThat(read(result.resolve("exitCode"))).isEqualTo("0");
        assertThat(result.resolve("outputs")).isEmptyDirectory();
    }

    @Test
    void shouldRunTheCatalogueCowsayModuleWhenLoadedWithAMessage() throws Exception {
        JobSpec cowsay = new ModuleLoader(tmp.resolve("module-cache"))
                .load(ModuleReference.parse("cowsay:v0.0.1"), Map.of("Message", "moo"));

        ExecutionResult run = run(executor, cowsay, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).contains("< moo >").contains("(oo)");
    }

    @Test
    void shouldCaptureStdoutStderrExitCodeAndEnvSeparatelyWhenJobFails() throws Exception {
        Path result = tmp.resolve("r");
        JobSpec spec = with(
                job(BUSYBOX, List.of("sh", "-c", "echo out $GREETING; echo err >&2; exit 3")),
                64,
                0,
                Duration.ofSeconds(30),
                false,
                Map.of("GREETING", "hi there"));

        ExecutionResult run = run(executor, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(read(result.resolve("stdout"))).isEqualTo("out hi there\n");
        assertThat(read(result.resolve("stderr"))).isEqualTo("err\n");
        assertThat(read(result.resolve("exitCode"))).isEqualTo("3");
    }

    @Test
    void shouldReportOutOfMemoryWhenJobAllocatesPastItsLimit() throws Exception {
        Path result = tmp.resolve("r");
        // dd reads /dev/zero into one 200 MB buffer: every page is touched, far past 32 MB.
        JobSpec spec = with(
                job(BUSYBOX, List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1")),
                32,
                0,
                Duration.ofSeconds(30),
                false,
                Map.of());

        ExecutionResult run = run(executor, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void shouldKillAndReportTimedOutWhenJobRunsPastItsTimeout() throws Exception {
        Path result = tmp.resolve("r");
        JobSpec spec = with(job(BUSYBOX, List.of("sleep", "30")), 64, 0, Duration.ofSeconds(2), false, Map.of());

        long started = System.nanoTime();
        ExecutionResult run = run(executor, spec, result);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(run.exitCode()).isEqualTo(-1);
        assertThat(read(result.resolve("exitCode"))).isEqualTo("-1");
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
    }

    @Test
    void shouldRunTheJobAsNobodyWithoutCapabilitiesOnAReadOnlyRootWithBoundedScratch() throws Exception {
        Path result = tmp.resolve("r");
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "id -u; id -g; grep CapEff /proc/self/status; echo $HOME;"
                                + " touch /etc/x 2>&1; touch /x 2>&1;"
                                + " dd if=/dev/zero of=/tmp/big bs=1048576 count=100 2>&1 | grep -o 'No space left on device';"
                                + " echo ok > /outputs/f"));

        ExecutionResult run = run(executor, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        String out = read(result.resolve("stdout"));
        assertThat(out.lines().toList().subList(0, 4))
                .containsExactly("65534", "65534", "CapEff:\t0000000000000000", "/tmp");
        assertThat(out).contains("touch: /etc/x: Read-only file system", "touch: /x: Read-only file system");
        assertThat(out).contains("No space left on device");
        assertThat(tree(result.resolve("outputs"))).containsEntry("f", "ok\n");
    }

    @Test
    void shouldEndOutputsTooLargeAndCutTheLogsWhenAJobPassesTheLimits() throws Exception {
        DockerExecutor limited = new DockerExecutor(docker, ImagePolicy.NEVER, new ResultLimits(64 * 1024, 10));
        Path result = tmp.resolve("r");
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "echo 0123456789abcdef; dd if=/dev/zero of=/outputs/big bs=1024 count=200 2>/dev/null; echo kept > /outputs/small"));

        ExecutionResult run = run(limited, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.OUTPUTS_TOO_LARGE);
        assertThat(run.limitExceeded()).matches("outputs too large: at least \\d+ bytes, limit 65536");
        assertThat(result.resolve("outputs")).isEmptyDirectory();
        assertThat(read(result.resolve("stdout")))
                .isEqualTo("0123456789\n[coophive: stdout truncated: 17 bytes written, limit 10]\n");
    }

    @Test
    void shouldFailWritesPastTheOutputsLimitInsideTheJobAndEndOutputsTooLarge() throws Exception {
        DockerExecutor limited = new DockerExecutor(docker, ImagePolicy.NEVER, new ResultLimits(8L << 20, 1 << 20));
        Path result = tmp.resolve("r");
        // A sparse gigabyte takes no space; writing 64 MiB into it must stop at the 8 MiB bound.
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "truncate -s 1G /outputs/sparse && echo truncated;"
                                + " dd if=/dev/zero of=/outputs/sparse bs=1048576 count=64 conv=notrunc 2>&1;"
                                + " echo dd exit $?; df -k /outputs | tail -1"));

        ExecutionResult run = run(limited, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.OUTPUTS_TOO_LARGE);
        assertThat(run.limitExceeded()).matches("outputs too large: at least \\d+ bytes, limit 8388608");
        assertThat(result.resolve("outputs")).isEmptyDirectory();
        String out = read(result.resolve("stdout"));
        assertThat(out).contains("truncated", "No space left on device", "dd exit 1");
        // The job's own view of its outputs filesystem: 8 MiB, all used, none left.
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+"))
                .startsWith("tmpfs", "8192", "8192", "0");
    }

    @Test
    void shouldCollectEveryByteWhenAJobWritesJustUnderTheOutputsLimit() throws Exception {
        DockerExecutor limited = new DockerExecutor(docker, ImagePolicy.NEVER, new ResultLimits(8L << 20, 1 << 20));
        Path result = tmp.resolve("r");
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "dd if=/dev/urandom of=/outputs/data bs=1048576 count=7 2>/dev/null;"
                                + " mkdir /outputs/d; echo small > /outputs/d/s; sha256sum /outputs/data"));

        ExecutionResult run = run(limited, spec, result);

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        Path data = result.resolve("outputs/data");
        assertThat(Files.size(data)).isEqualTo(7L << 20);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data)));
        assertThat(read(result.resolve("stdout"))).startsWith(sha + "  /outputs/data");
        assertThat(read(result.resolve("outputs/d/s"))).isEqualTo("small\n");
    }

    @Test
    void shouldLoadItsLabelledHolderImageAgainWhenItWasRemovedBetweenJobs() throws Exception {
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "echo one > /outputs/f"));
        run(executor, spec, tmp.resolve("one"));
        List<String> tags = holderImageTags();
        assertThat(tags).singleElement().asString().startsWith(OutputsSpace.IMAGE_REPOSITORY + ":");

        // Forced: the spare holders of a provider running on the same engine use the image (the
        // tag goes, their running containers keep the image).
        docker.removeImageCmd(tags.get(0)).withForce(true).exec();
        run(executor, spec, tmp.resolve("two"));

        assertThat(read(tmp.resolve("two/outputs/f"))).isEqualTo("one\n");
        assertThat(holderImageTags()).isEqualTo(tags);
    }

    static List<String> holderImageTags() {
        return docker.listImagesCmd().withLabelFilter(Map.of(OutputsSpace.LABEL, "true")).exec().stream()
                .flatMap(image -> Stream.of(image.getRepoTags()))
                .toList();
    }

    static JobSpec privileged(JobSpec j, Privileges privileges) {
        return new JobSpec(
                j.module(),
                j.image(),
                j.command(),
                j.env(),
                j.cpuMillis(),
                j.memoryMb(),
                j.gpus(),
                j.timeout(),
                j.network(),
                j.outputsPath(),
                j.verification(),
                privileges,
                "the test needs it");
    }

    @Test
    void shouldGiveAPrivilegedModuleExactlyWhatItAsksAndEveryOtherModuleTheSandbox() throws Exception {
        DockerExecutor grantsAll = new DockerExecutor(
                docker,
                ImagePolicy.NEVER,
                ResultLimits.DEFAULTS,
                new Privileges(true, List.of("CHOWN", "KILL", "SETUID"), true));
        JobSpec probe = job(
                BUSYBOX, List.of("sh", "-c", "id -u; grep CapEff /proc/self/status; touch /x 2>&1 && echo wrote /x"));

        run(grantsAll, privileged(probe, new Privileges(true, List.of("CHOWN"), true)), tmp.resolve("root"));
        run(grantsAll, privileged(probe, new Privileges(true, List.of(), false)), tmp.resolve("bare-root"));
        run(grantsAll, probe, tmp.resolve("ordinary"));

        // CAP_CHOWN is bit 0: exactly the one capability asked for, not the others granted.
        assertThat(read(tmp.resolve("root/stdout")).lines())
                .containsExactly("0", "CapEff:\t0000000000000001", "wrote /x");
        assertThat(read(tmp.resolve("bare-root/stdout")).lines())
                .containsExactly("0", "CapEff:\t0000000000000000", "touch: /x: Read-only file system");
        assertThat(read(tmp.resolve("ordinary/stdout")).lines())
                .containsExactly("65534", "CapEff:\t0000000000000000", "touch: /x: Read-only file system");
        assertThatThrownBy(() -> run(
                        executor, privileged(probe, new Privileges(true, List.of(), false)), tmp.resolve("refused")))
                .isInstanceOfSatisfying(ExecutionException.class, e -> assertThat(e.reason())
                        .isEqualTo(ExecutionException.Reason.NOT_GRANTED))
                .hasMessageContaining("this executor does not grant root");
    }

    @Test
    void shouldGiveOnlyLoopbackWhenNetworkIsNotRequested() throws Exception {
        Path result = tmp.resolve("r");

        run(executor, job(BUSYBOX, List.of("ls", "/sys/class/net")), result);

        assertThat(read(result.resolve("stdout"))).isEqualTo("lo\n");
    }

    @Test
    void shouldGiveANetworkInterfaceWhenNetworkIsRequested() throws Exception {
        Path result = tmp.resolve("r");
        JobSpec spec =
                with(job(BUSYBOX, List.of("ls", "/sys/class/net")), 64, 0, Duration.ofSeconds(30), true, Map.of());

        run(executor, spec, result);

        assertThat(read(result.resolve("stdout")).lines()).contains("lo").hasSizeGreaterThan(1);
    }

    @Test
    void shouldFailFastWithoutPullingWhenImageIsMissing() {
        String missing = "coophive/not-built-anywhere:v9";
        long started = System.nanoTime();

        assertThatThrownBy(() -> run(executor, job(missing, List.of("true")), tmp.resolve("r")))
                .isInstanceOfSatisfying(ExecutionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExecutionException.Reason.IMAGE_NOT_FOUND);
                    assertThat(e.getMessage()).contains(missing).contains("not present locally");
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> docker.inspectImageCmd(missing).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldFailClearlyAndLeaveNoContainerWhenGpuIsRequestedWithoutRuntime() {
        JobSpec spec = with(job(BUSYBOX, List.of("true")), 64, 1, Duration.ofSeconds(30), false, Map.of());

        assertThatThrownBy(() -> run(executor, spec, tmp.resolve("r")))
                .isInstanceOfSatisfying(ExecutionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ExecutionException.Reason.GPU_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("GPU").contains("no GPU runtime");
                });
        Await.until(REMOVED, "the job container removed", () -> jobContainers().isEmpty());
    }

    @Test
    void shouldGiveIdenticalResultsWhenDeterministicJobRunsTwice() throws Exception {
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "echo hello; echo data > /outputs/a.txt; mkdir /outputs/d; printf x > /outputs/d/b"));

        run(executor, spec, tmp.resolve("one"));
        run(executor, spec, tmp.resolve("two"));

        Map<String, String> one = tree(tmp.resolve("one"));
        assertThat(one).containsEntry("outputs/a.txt", "data\n").containsEntry("outputs/d/b", "x");
        assertThat(tree(tmp.resolve("two"))).isEqualTo(one);
        // What a mediator compares: the data ids of the packaged result directories.
        var first = ResultPackager.pack(tmp.resolve("one"), tmp.resolve("one.tar"));
        var second = ResultPackager.pack(tmp.resolve("two"), tmp.resolve("two.tar"));
        assertThat(second.dataId()).isEqualTo(first.dataId()).startsWith("Qm");
    }

    @Test
    void shouldPassHostileArgumentAsOneLiteralArgument() throws Exception {
        String hostile = "a \"b\" 'c' $(id) `id` ; rm -rf / && echo pwned | cat > /x\nsecond line {{.Message}}";

        run(executor, job(BUSYBOX, List.of("echo", hostile)), tmp.resolve("r"));

        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo(hostile + "\n");
    }

    @Test
    void shouldCollectOnlyPlainFilesWhenOutputsHoldLinks() throws Exception {
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "echo ok > /outputs/f; ln -s /etc/passwd /outputs/link"));

        run(executor, spec, tmp.resolve("r"));

        assertThat(tree(tmp.resolve("r/outputs"))).containsOnlyKeys("f");
    }

    @Test
    void shouldGiveEmptyOutputsWhenJobRemovesItsOutputsDirectory() throws Exception {
        run(executor, job(BUSYBOX, List.of("rm", "-rf", "/outputs")), tmp.resolve("r"));

        assertThat(tmp.resolve("r/outputs")).isEmptyDirectory();
    }

    @Test
    void shouldKeepAnEmptyFolderAndNothingOfAFileTheJobRemovedAgain() throws Exception {
        run(
                executor,
                job(BUSYBOX, List.of("sh", "-c", "mkdir /outputs/d; echo x > /outputs/gone; rm /outputs/gone")),
                tmp.resolve("r"));

        assertThat(tmp.resolve("r/outputs/d")).isEmptyDirectory();
        assertThat(tmp.resolve("r/outputs/gone")).doesNotExist();
    }

    @Test
    void shouldMeterCpuMillisecondsWhenJobBurnsCpu() throws Exception {
        // Busy for about three seconds of wall time on one core.
        JobSpec spec = job(
                BUSYBOX, List.of("sh", "-c", "end=$(( $(date +%s) + 3 )); while [ $(date +%s) -lt $end ]; do :; done"));

        ExecutionResult run = run(executor, spec, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.instructionCount()).isGreaterThan(500);
    }

    /** Relative path to content of every regular file below {@code dir}. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), read(p));
            }
        }
        return files;
    }
}
