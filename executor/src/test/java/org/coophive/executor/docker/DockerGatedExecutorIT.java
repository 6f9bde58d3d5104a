package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.coophive.common.testing.Await;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.JobSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link DockerExecutorIT} again with each job made ready as a provider does while
 * the agreement is mined ({@link DockerExecutor#prepareJob}: created and started behind the gate)
 * and then run under its id: the same user, capabilities, read-only root, limits, network and
 * results. Each such job is checked to wait at its gate before the run (the gate is the
 * container's only process), and the gate's own guarantees are tested below.
 */
class DockerGatedExecutorIT extends DockerExecutorIT {

    private static final String PREFIX = "gated-it-";

    @Override
    ExecutionResult run(DockerExecutor on, JobSpec spec, Path resultDir) throws ExecutionException {
        String id = PREFIX + UUID.randomUUID();
        on.prepareJob(id, spec);
        String container = on.awaitPrepared(id);
        if (expectsGate(on, spec)) {
            assertThat(container)
                    .as("the container prepared for " + spec.command())
                    .isNotNull();
            assertThat(labels(container)).containsEntry(DockerExecutor.GATED_LABEL, "true");
            awaitOnlyTheGate(container);
            assertThat(holdersOf(container))
                    .as("a gated container keeps its outputs volume mounted itself")
                    .isEmpty();
        }
        return on.run(id, spec, resultDir);
    }

    /** Refused jobs (privileges not granted), GPU jobs and missing images are not made ready. */
    private static boolean expectsGate(DockerExecutor on, JobSpec spec) {
        if (spec.gpus() > 0 || (on == executor && !spec.privileges().none())) return false;
        try {
            docker.inspectImageCmd(spec.image()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @AfterEach
    void noGatedContainerIsLeft() {
        Await.until(REMOVED, "the gated job containers removed", () -> gatedContainers()
                .isEmpty());
    }

    private static List<String> gatedContainers() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.GATED_LABEL, "true"))
                .exec()
                .stream()
                .filter(c ->
                        c.getLabels().getOrDefault(DockerExecutor.JOB_LABEL, "").startsWith(PREFIX))
                .map(c -> c.getId())
                .toList();
    }

    /** The running holders of the outputs volumes {@code container} mounts. */
    private static List<String> holdersOf(String container) {
        var mounts = docker.inspectContainerCmd(container).exec().getMounts();
        return mounts == null
                ? List.of()
                : mounts.stream()
                        .filter(m -> m.getName() != null)
                        .flatMap(
                                m -> docker
                                        .listContainersCmd()
                                        .withLabelFilter(Map.of(OutputsSpace.LABEL, m.getName()))
                                        .exec()
                                        .stream())
                        .map(c -> c.getId())
                        .toList();
    }

    private static Map<String, String> labels(String container) {
        return docker.inspectContainerCmd(container).exec().getConfig().getLabels();
    }

    /** The container runs, and its one process is the gate (none of the job). */
    /**
     * A job's container as a run that died left it behind the gate: prepared, the gate never
     * opened, the run's engine client gone (not closed: as in a crash).
     */
    private static String leftAtTheGateByADeadRun(String id, JobSpec spec) throws Exception {
        DockerClient dead = DockerExecutor.localEngine();
        DockerExecutor crashed = new DockerExecutor(dead, ImagePolicy.NEVER);
        crashed.prepareJob(id, spec);
        String left = crashed.awaitPrepared(id);
        awaitOnlyTheGate(left);
        dead.close();
        return left;
    }

    /**
     * A job's container as a run that died while the job ran left it: prepared, the gate opened,
     * then the run's attachment and engine client gone.
     */
    private static String openedByADeadRun(String id, JobSpec spec) throws Exception {
        DockerClient dead = DockerExecutor.localEngine();
        DockerExecutor crashed = new DockerExecutor(dead, ImagePolicy.NEVER);
        crashed.prepareJob(id, spec);
        String container = crashed.awaitPrepared(id);
        try (JobGate.Opening opening = new JobGate(docker, new OutputsSpace(docker)).attach(container)) {
            opening.open();
            Await.until(Duration.ofSeconds(30), "the gate opened", () -> processes(container).stream()
                    .anyMatch(p -> p.startsWith(JobGate.OPENED + " ")));
        }
        dead.close();
        return container;
    }

    private static void awaitOnlyTheGate(String container) {
        Await.until(Duration.ofSeconds(30), "only the gate running in " + container, () -> {
            List<String> processes = processes(container);
            return processes.size() == 1 && processes.get(0).startsWith(JobGate.PROGRAM + " ");
        });
    }

    private static List<String> processes(String container) {
        TopContainerResponse top = docker.topContainerCmd(container).exec();
        int cmd = Arrays.asList(top.getTitles()).indexOf("CMD");
        return Arrays.stream(top.getProcesses()).map(p -> p[cmd]).toList();
    }

    @Test
    void shouldRunTheJobAsTheOpenedGatesChildWithStdinFromDevNull() throws Exception {
        JobSpec spec = job(
                BUSYBOX,
                List.of(
                        "sh",
                        "-c",
                        "echo $PPID; tr '\\0' ' ' < /proc/1/cmdline | cut -d ' ' -f 1; readlink /proc/self/fd/0;"
                                + " touch /.coophive/x 2>&1; id -u"));

        ExecutionResult run = run(executor, spec, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout")).lines())
                .containsExactly(
                        "1", JobGate.OPENED, "/dev/null", "touch: /.coophive/x: Read-only file system", "65534");
    }

    @Test
    void shouldEndWhenTheJobsProcessEndsThoughItLeftAnotherRunning() throws Exception {
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "sleep 60 & echo started"));

        long started = System.nanoTime();
        ExecutionResult run = run(executor, spec, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldCollectTheOutputsAndOutputOfAGatedJobWhoseRunDiedWhileItRan() throws Exception {
        String id = PREFIX + UUID.randomUUID();
        JobSpec spec = job(
                BUSYBOX,
                List.of("sh", "-c", "echo begun; sleep 2; echo kept > /outputs/result; echo done >&2; exit 4"));
        openedByADeadRun(id, spec);

        ExecutionResult run = executor.run(id, spec, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("begun\n");
        assertThat(read(tmp.resolve("r/stderr"))).isEqualTo("done\n");
        assertThat(read(tmp.resolve("r/outputs/result"))).isEqualTo("kept\n");
    }

    /** A gated job has no holder: it runs, outputs and all, with the holder image removed. */
    @Override
    @Test
    void shouldLoadItsLabelledHolderImageAgainWhenItWasRemovedBetweenJobs() throws Exception {
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "echo one > /outputs/f"));
        run(executor, spec, tmp.resolve("one"));
        for (String tag : holderImageTags())
            docker.removeImageCmd(tag).withForce(true).exec();

        run(executor, spec, tmp.resolve("two"));

        assertThat(read(tmp.resolve("two/outputs/f"))).isEqualTo("one\n");
        assertThat(holderImageTags()).as("not loaded again: no holder needed").isEmpty();
    }

    @Test
    void shouldRunTheImagesOwnCommandFoundThroughItsPathWhenTheModuleGivesNone() throws Exception {
        // The cowsay image: no entrypoint, command ["cowsay", "moo"], cowsay in /usr/games on its PATH.
        ExecutionResult run = run(executor, job(COWSAY, List.of()), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).contains("< moo >");
    }

    @Test
    void shouldFailWithExitCode127AndSayWhyWhenTheCommandDoesNotExist() throws Exception {
        ExecutionResult run = run(executor, job(BUSYBOX, List.of("no-such-program", "x")), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(read(tmp.resolve("r/stderr"))).contains("coophive gate: the module's command was not found");
    }

    @Test
    void shouldRemoveTheGatedContainerWithoutRunningTheJobWhenTheDealEnds() throws Exception {
        String id = PREFIX + UUID.randomUUID();
        executor.prepareJob(id, job(BUSYBOX, List.of("sh", "-c", "echo ran")));
        String container = executor.awaitPrepared(id);
        awaitOnlyTheGate(container);

        executor.discardJob(id);

        Await.until(
                REMOVED, "the gated container removed", () -> gatedContainers().isEmpty());
    }

    @Test
    void shouldRemoveTheContainerWaitingAtItsGateBeforeTheExecutorStops() throws Exception {
        String id = PREFIX + UUID.randomUUID();
        DockerExecutor stopping = new DockerExecutor(docker, ImagePolicy.NEVER);
        stopping.prepareJob(id, job(BUSYBOX, List.of("sh", "-c", "echo ran")));
        awaitOnlyTheGate(stopping.awaitPrepared(id));

        stopping.close();

        assertThat(gatedContainers())
                .as("gated containers once close() returned")
                .isEmpty();
    }

    @Test
    void shouldRemoveAContainerStillBeingPreparedWhenTheExecutorStops() throws Exception {
        // A provider stopping as its agree is mined.
        stopWhileBeingPrepared(false);

        assertThat(gatedContainers())
                .as("gated containers once close() returned")
                .isEmpty();
    }

    @Test
    void shouldRemoveAContainerDiscardedWhileBeingPreparedWhenTheExecutorStopsAtOnce() throws Exception {
        // The deal ended (its timeout claimed) and the provider stops right after: the removal the
        // discard handed on must not meet a closed client.
        stopWhileBeingPrepared(true);

        assertThat(gatedContainers())
                .as("gated containers once close() returned")
                .isEmpty();
    }

    /**
     * Prepares a job on an executor of its own and, once its container is created (most likely
     * still being started and attached to), discards it if asked, closes the executor and then the
     * engine's client, as the service does.
     */
    private static void stopWhileBeingPrepared(boolean discardFirst) throws Exception {
        String id = PREFIX + UUID.randomUUID();
        DockerClient own = DockerExecutor.localEngine();
        DockerExecutor stopping = new DockerExecutor(own, ImagePolicy.NEVER);
        stopping.prepareJob(id, job(BUSYBOX, List.of("sh", "-c", "echo ran")));
        Await.until(
                REMOVED, "the job's container created", () -> !gatedContainers().isEmpty());
        if (discardFirst) stopping.discardJob(id);

        stopping.close();
        own.close();
    }

    @Test
    void shouldRunAJobLeftAtItsGateByADeadRunOnceInAFreshContainer() throws Exception {
        String id = PREFIX + UUID.randomUUID();
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "echo ran"));
        String left = leftAtTheGateByADeadRun(id, spec);

        ExecutionResult run = executor.run(id, spec, tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("ran\n");
        assertThat(docker.listContainersCmd().withShowAll(true).exec().stream().map(c -> c.getId()))
                .doesNotContain(left);
    }

    @Test
    void shouldPrepareAJobLeftAtItsGateByADeadRunAgainInAFreshContainer() throws Exception {
        // A provider restarted prepares its deal's job again: the container left never ran it.
        String id = PREFIX + UUID.randomUUID();
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "echo ran"));
        String left = leftAtTheGateByADeadRun(id, spec);

        executor.prepareJob(id, spec);
        String fresh = executor.awaitPrepared(id);
        ExecutionResult run = executor.run(id, spec, tmp.resolve("r"));

        assertThat(fresh).isNotNull().isNotEqualTo(left);
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("ran\n");
        assertThat(docker.listContainersCmd().withShowAll(true).exec().stream().map(c -> c.getId()))
                .doesNotContain(left);
    }

    @Test
    void shouldNotPrepareAgainAJobWhoseRunDiedWhileItRanButPickItUp() throws Exception {
        String id = PREFIX + UUID.randomUUID();
        JobSpec spec = job(BUSYBOX, List.of("sh", "-c", "sleep 1; echo kept > /outputs/result; echo done; exit 3"));
        String container = openedByADeadRun(id, spec);

        executor.prepareJob(id, spec);
        assertThat(executor.awaitPrepared(id))
                .as("no second container for a job that runs")
                .isNull();
        assertThat(docker
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(DockerExecutor.JOB_LABEL, id))
                        .exec()
                        .stream()
                        .map(c -> c.getId()))
                .containsExactly(container);
        ExecutionResult run = executor.run(id, spec, tmp.resolve("r"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("done\n");
        assertThat(read(tmp.resolve("r/outputs/result"))).isEqualTo("kept\n");
    }

    @Test
    void shouldRemoveWhatAnEarlierProcessLeftAtTheGateWhenTheOwnerStartsAgain() throws Exception {
        String owner = "gated-it-owner:" + UUID.randomUUID();
        String id = PREFIX + UUID.randomUUID();
        DockerClient dead = DockerExecutor.localEngine();
        DockerExecutor crashed = new DockerExecutor(dead, ImagePolicy.NEVER);
        crashed.prepare(owner, 0, job -> false);
        crashed.prepareJob(id, job(BUSYBOX, List.of("sh", "-c", "echo ran")));
        awaitOnlyTheGate(crashed.awaitPrepared(id));
        dead.close();

        try (DockerExecutor restarted = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            restarted.prepare(owner, 0, job -> false);

            Await.until(REMOVED, "the gated container removed at the start", () -> gatedContainers()
                    .isEmpty());
        }
    }
}
