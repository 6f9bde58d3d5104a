package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.executor.docker.DockerExecutorIT.BUSYBOX;
import static org.coophive.executor.docker.DockerExecutorIT.REMOVED;
import static org.coophive.executor.docker.DockerExecutorIT.job;
import static org.coophive.executor.docker.DockerExecutorIT.read;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.Await;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.ResultLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outputs space made ready per slot before the jobs arrive ({@link DockerExecutor#prepare}),
 * and what {@code prepare} removes of an earlier process of the same owner: spares nobody uses and
 * the containers of finished jobs, never a job that may still be picked up.
 */
class DockerSparesIT {

    static DockerClient docker;

    @TempDir
    Path tmp;

    /** A fresh owner per test: other users of the shared engine and other tests are never touched. */
    final String owner = "spares-it:" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        docker = DockerExecutor.localEngine();
        docker.pingCmd().exec();
    }

    @AfterAll
    static void disconnect() throws IOException {
        docker.close();
    }

    @AfterEach
    void nothingOfTheOwnerIsLeft() {
        Await.until(
                REMOVED,
                "the spares of " + owner + " removed",
                () -> spareHolders().isEmpty() && spareVolumes().isEmpty());
    }

    private List<Container> spareHolders() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(OutputsSpace.SPARE_LABEL, owner))
                .exec();
    }

    private Set<String> spareVolumes() {
        var volumes = docker.listVolumesCmd()
                .withFilter("label", List.of(OutputsSpace.SPARE_LABEL + "=" + owner))
                .exec()
                .getVolumes();
        return volumes == null
                ? Set.of()
                : volumes.stream().map(v -> v.getName()).collect(java.util.stream.Collectors.toSet());
    }

    private List<Container> containersOf(String jobId) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.JOB_LABEL, jobId))
                .exec();
    }

    @Test
    void shouldRunEachJobOnASpareMadeBeforeAndMakeTheNextOneAfter() throws Exception {
        try (DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            executor.prepare(owner, 2, id -> false);
            Await.until(
                    REMOVED, "two spare outputs volumes", () -> spareVolumes().size() == 2);
            Set<String> spares = spareVolumes();
            assertThat(spareHolders())
                    .as("a spare is a volume only: a job behind the gate needs no holder, another gets its own")
                    .isEmpty();

            String jobId = "spare-" + UUID.randomUUID();
            ExecutionResult run = executor.run(
                    jobId, job(BUSYBOX, List.of("sh", "-c", "echo made > /outputs/file; echo done")), tmp.resolve("r"));

            assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(read(tmp.resolve("r/outputs/file"))).isEqualTo("made\n");
            assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("done\n");
            // The job's outputs were one of the spares: removed with the job, and a new one made.
            Await.until(
                    REMOVED,
                    "the job removed and a new spare made",
                    () -> containersOf(jobId).isEmpty()
                            && spareVolumes().size() == 2
                            && !spareVolumes().containsAll(spares));
            assertThat(spareVolumes()).as("one spare kept, one used").containsAnyElementsOf(spares);
        }
        // close() removed the spares (checked after each test).
    }

    @Test
    void shouldRemoveWhatACrashedRunLeftOfFinishedJobsAndKeepUnfinishedOnes() throws Exception {
        // A run that died: its spares, and two job containers, one whose result was kept and one
        // that ended while nobody watched, its result not yet collected.
        new DockerExecutor(docker, ImagePolicy.NEVER).prepare(owner, 1, id -> false);
        Await.until(REMOVED, "the first run's spare", () -> !spareVolumes().isEmpty());
        String finished = "finished-" + UUID.randomUUID();
        String unfinished = "unfinished-" + UUID.randomUUID();
        String volume = DockerExecutor.OUTPUTS_VOLUME_PREFIX + UUID.randomUUID();
        new OutputsSpace(docker).open(volume, ResultLimits.DEFAULTS, finished);
        docker.createContainerCmd(BUSYBOX)
                .withLabels(Map.of(DockerExecutor.JOB_LABEL, finished, DockerExecutor.MODULE_LABEL, "test:v0"))
                .withEntrypoint("true")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withBinds(new com.github.dockerjava.api.model.Bind(
                                volume, new com.github.dockerjava.api.model.Volume("/outputs"))))
                .exec();
        String left = docker.createContainerCmd(BUSYBOX)
                .withName("coophive-job-" + unfinished)
                .withLabels(Map.of(DockerExecutor.JOB_LABEL, unfinished, DockerExecutor.MODULE_LABEL, "test:v0"))
                .withEntrypoint("sh", "-c", "echo ended-alone")
                .exec()
                .getId();
        docker.startContainerCmd(left).exec();
        docker.waitContainerCmd(left).start().awaitStatusCode(10, TimeUnit.SECONDS);
        Set<String> earlierSpares = spareVolumes();

        try (DockerExecutor restarted = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            restarted.prepare(owner, 1, finished::equals);

            Await.until(
                    REMOVED,
                    "the finished job's container, holder and volume removed",
                    () -> containersOf(finished).isEmpty()
                            && docker.listContainersCmd()
                                    .withShowAll(true)
                                    .withLabelFilter(Map.of(OutputsSpace.LABEL, volume))
                                    .exec()
                                    .isEmpty());
            Await.until(REMOVED, "the earlier spare replaced by a new one", () -> {
                Set<String> now = spareVolumes();
                return now.size() == 1 && now.stream().noneMatch(earlierSpares::contains);
            });
            assertThat(containersOf(unfinished))
                    .as("a job still to collect is kept")
                    .hasSize(1);

            ExecutionResult run = restarted.run(unfinished, job(BUSYBOX, List.of("echo", "again")), tmp.resolve("r"));

            assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("ended-alone\n");
            Await.until(REMOVED, "the picked-up job removed", () -> containersOf(unfinished)
                    .isEmpty());
        }
    }

    @Test
    void shouldCreateAPreparedJobWithoutStartingItAndStartItOnlyWhenRun() throws Exception {
        String jobId = "prepared-" + UUID.randomUUID();
        String discarded = "discarded-" + UUID.randomUUID();
        try (DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            executor.prepare(owner, 1, id -> false);
            executor.prepareJob(jobId, job(BUSYBOX, List.of("sh", "-c", "echo ran > /outputs/file")));
            executor.prepareJob(discarded, job(BUSYBOX, List.of("echo", "never")));

            Await.until(
                    REMOVED,
                    "both containers created",
                    () -> containersOf(jobId).size() == 1
                            && containersOf(discarded).size() == 1);
            assertThat(containersOf(jobId).get(0).getState())
                    .as("nothing runs before run()")
                    .isEqualTo("created");

            ExecutionResult run = executor.run(
                    jobId, job(BUSYBOX, List.of("sh", "-c", "echo ran > /outputs/file")), tmp.resolve("r"));
            executor.discardJob(discarded);

            assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(read(tmp.resolve("r/outputs/file"))).isEqualTo("ran\n");
            Await.until(
                    REMOVED,
                    "the run and the discarded job removed",
                    () -> containersOf(jobId).isEmpty()
                            && containersOf(discarded).isEmpty());
        }
    }

    @Test
    void shouldRemoveTheNeverStartedContainersOfTheOwnerAtTheNextStart() throws Exception {
        String jobId = "never-started-" + UUID.randomUUID();
        DockerExecutor crashed = new DockerExecutor(docker, ImagePolicy.NEVER);
        crashed.prepare(owner, 0, id -> false);
        crashed.prepareJob(jobId, job(BUSYBOX, List.of("echo", "never")));
        Await.until(REMOVED, "the prepared container", () -> containersOf(jobId).size() == 1);

        try (DockerExecutor restarted = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            restarted.prepare(owner, 0, id -> false);

            Await.until(REMOVED, "the never started container removed", () -> containersOf(jobId)
                    .isEmpty());
        }
    }
}
