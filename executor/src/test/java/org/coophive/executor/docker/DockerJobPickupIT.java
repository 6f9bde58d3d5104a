package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.executor.docker.DockerExecutorIT.BUSYBOX;
import static org.coophive.executor.docker.DockerExecutorIT.job;
import static org.coophive.executor.docker.DockerExecutorIT.read;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * A job run under an id survives its caller: a container left by a crashed caller (made here by
 * hand, as the executor makes them) is picked up by the next run with the same id, never started
 * twice.
 */
class DockerJobPickupIT {

    static DockerClient docker;
    static DockerExecutor executor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        docker = DockerExecutor.localEngine();
        docker.pingCmd().exec();
        executor = new DockerExecutor(docker, ImagePolicy.NEVER);
    }

    @AfterAll
    static void disconnect() throws IOException {
        docker.close();
    }

    @AfterEach
    void noJobContainerIsLeft() {
        Await.until(DockerExecutorIT.REMOVED, "job-a removed", () -> containersOf("job-a")
                .isEmpty());
        Await.until(DockerExecutorIT.REMOVED, "job-b removed", () -> containersOf("job-b")
                .isEmpty());
    }

    private static List<String> containersOf(String jobId) {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.JOB_LABEL, jobId))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }

    /** A container as a crashed caller would have left it: labelled and named for the job. */
    private static String leftBehind(String jobId, String script, boolean started) {
        String id = docker.createContainerCmd(BUSYBOX)
                .withName("coophive-job-" + jobId)
                .withLabels(Map.of(DockerExecutor.JOB_LABEL, jobId, DockerExecutor.MODULE_LABEL, "test:v0"))
                .withEntrypoint("sh", "-c", script)
                .withNetworkDisabled(true)
                .exec()
                .getId();
        if (started) docker.startContainerCmd(id).exec();
        return id;
    }

    @Test
    void shouldWaitForTheRunningContainerWhenTheJobWasStartedBeforeACrash() throws Exception {
        leftBehind("job-a", "sleep 1; echo from-the-first-run", true);

        ExecutionResult run = executor.run("job-a", job(BUSYBOX, List.of("echo", "second-run")), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("from-the-first-run\n");
    }

    @Test
    void shouldCollectTheResultsWhenTheJobEndedWhileNobodyWatched() throws Exception {
        String id = leftBehind("job-b", "echo finished-alone; exit 3", true);
        docker.waitContainerCmd(id).start().awaitStatusCode(10, TimeUnit.SECONDS);

        ExecutionResult run = executor.run("job-b", job(BUSYBOX, List.of("echo", "second-run")), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("finished-alone\n");
        assertThat(read(tmp.resolve("r/exitCode"))).isEqualTo("3");
    }

    @Test
    void shouldCollectTheOutputsKeptByTheHolderWhenTheJobEndedWhileNobodyWatched() throws Exception {
        // What a run that crashed after starting the job leaves: the bounded outputs volume, its
        // running holder, and the job container, which wrote its outputs and exited.
        String volume = DockerExecutor.OUTPUTS_VOLUME_PREFIX + "pickup-test";
        new OutputsSpace(docker).open(volume, ResultLimits.DEFAULTS, "job-c");
        String id = docker.createContainerCmd(BUSYBOX)
                .withName("coophive-job-job-c")
                .withLabels(Map.of(DockerExecutor.JOB_LABEL, "job-c", DockerExecutor.MODULE_LABEL, "test:v0"))
                .withEntrypoint("sh", "-c", "echo kept > /outputs/result")
                .withUser(DockerExecutor.JOB_USER)
                .withNetworkDisabled(true)
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume("/outputs"))))
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).start().awaitStatusCode(10, TimeUnit.SECONDS);

        ExecutionResult run = executor.run("job-c", job(BUSYBOX, List.of("echo", "second-run")), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/outputs/result"))).isEqualTo("kept\n");
        Await.until(DockerExecutorIT.REMOVED, "job-c removed", () -> containersOf("job-c")
                .isEmpty());
        Await.until(DockerExecutorIT.REMOVED, "its holder removed", () -> docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(OutputsSpace.LABEL, volume))
                .exec()
                .isEmpty());
        Await.until(
                DockerExecutorIT.REMOVED,
                "its volume removed",
                () -> docker.listVolumesCmd().exec().getVolumes().stream()
                        .noneMatch(v -> v.getName().equals(volume)));
    }

    @Test
    void shouldRunAFreshJobWhenNoContainerIsLeft() throws Exception {
        ExecutionResult run = executor.run("job-a", job(BUSYBOX, List.of("echo", "fresh")), tmp.resolve("r"));

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(read(tmp.resolve("r/stdout"))).isEqualTo("fresh\n");
    }
}
