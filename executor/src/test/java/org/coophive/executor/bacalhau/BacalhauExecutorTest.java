package org.coophive.executor.bacalhau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.coophive.common.model.Privileges;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionException.Reason;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.JobSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BacalhauExecutorTest {

    @TempDir
    Path temp;

    private FakeBacalhau bacalhau;

    @BeforeEach
    void startFake() throws IOException {
        bacalhau = new FakeBacalhau();
    }

    @AfterEach
    void stopFake() {
        bacalhau.close();
    }

    @Test
    void shouldWriteStdoutStderrExitCodeAndOutputsWhenJobSucceeds() throws Exception {
        bacalhau.states("Pending", "Running", "Completed")
                .ran("Completed", " _____\n< moo >\n", "", 0)
                .published(Map.of(
                        "outputs/", "",
                        "outputs/result.txt", "42\n",
                        "stdout", " _____\n< moo >\n",
                        "stderr", "",
                        "exitCode", "0"));
        Path resultDir = temp.resolve("result");

        ExecutionResult result = executor().run(cowsay(false), resultDir);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.instructionCount()).isGreaterThanOrEqualTo(1);
        assertThat(resultDir.resolve("stdout")).hasContent(" _____\n< moo >\n");
        assertThat(resultDir.resolve("stderr")).hasContent("");
        assertThat(resultDir.resolve("exitCode")).hasContent("0");
        assertThat(resultDir.resolve("outputs/result.txt")).hasContent("42\n");
        assertThat(temp)
                .isDirectoryNotContaining(path -> path.getFileName().toString().contains(".bacalhau-"));
        assertThat(bacalhau.stops).isEmpty();
    }

    @Test
    void shouldSubmitADockerJobWithoutNetworkAndWithTheSpecsResourcesWhenRunning() throws Exception {
        bacalhau.ran("Completed", "", "", 0);

        executor().run(cowsay(false), temp.resolve("result"));

        JsonNode job = bacalhau.submitted.get(0).path("Job");
        JsonNode task = job.path("Tasks").get(0);
        assertThat(job.path("Type").asString()).isEqualTo("batch");
        assertThat(job.path("Name").asString()).startsWith("coophive-");
        assertThat(task.path("Engine").path("Type").asString()).isEqualTo("docker");
        JsonNode params = task.path("Engine").path("Params");
        assertThat(params.path("Image").asString()).isEqualTo("coophive/cowsay:local");
        assertThat(params.path("Entrypoint").values())
                .extracting(JsonNode::asString)
                .containsExactly("/usr/games/cowsay");
        assertThat(params.path("Parameters").values())
                .extracting(JsonNode::asString)
                .containsExactly("moo \"quoted\"");
        assertThat(params.path("EnvironmentVariables").values())
                .extracting(JsonNode::asString)
                .containsExactly("A=1", "B=two words");
        assertThat(task.path("Network").path("Type").asString()).isEqualTo("None");
        assertThat(task.path("Resources").path("CPU").asString()).isEqualTo("500m");
        assertThat(task.path("Resources").path("Memory").asString()).isEqualTo("256MiB");
        assertThat(task.path("Resources").has("GPU")).isFalse();
        assertThat(task.path("Timeouts").path("ExecutionTimeout").asLong()).isEqualTo(30);
        assertThat(task.path("Publisher").path("Type").asString()).isEqualTo("local");
        assertThat(task.path("ResultPaths").get(0).path("Path").asString()).isEqualTo("/outputs");
    }

    @Test
    void shouldAskForFullNetworkWhenTheJobNeedsTheNetwork() throws Exception {
        bacalhau.ran("Completed", "", "", 0);

        executor().run(cowsay(true), temp.resolve("result"));

        JsonNode task = bacalhau.submitted.get(0).path("Job").path("Tasks").get(0);
        assertThat(task.path("Network").path("Type").asString()).isEqualTo("Full");
    }

    @Test
    void shouldRefuseAModuleAskingForPrivilegesWithoutSubmittingIt() {
        JobSpec plain = cowsay(false);
        JobSpec root = new JobSpec(
                plain.module(),
                plain.image(),
                plain.command(),
                plain.env(),
                plain.cpuMillis(),
                plain.memoryMb(),
                plain.gpus(),
                plain.timeout(),
                plain.network(),
                plain.outputsPath(),
                plain.verification(),
                new Privileges(true, List.of(), false),
                "needs root");

        assertThatThrownBy(() -> executor().run(root, temp.resolve("result")))
                .isInstanceOfSatisfying(
                        ExecutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_GRANTED))
                .hasMessage("cowsay:v0.0.1 asks for root, which the Bacalhau executor cannot give a job");
        assertThat(bacalhau.submitted).isEmpty();
    }

    @Test
    void shouldReportFailedWithExitCodeOneWhenTheCommandFails() throws Exception {
        bacalhau.states("Running", "Failed").ran("Failed", "", "cowsay: no such cow\n", 1);
        Path resultDir = temp.resolve("result");

        ExecutionResult result = executor().run(cowsay(false), resultDir);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(resultDir.resolve("exitCode")).hasContent("1");
        assertThat(resultDir.resolve("stderr")).hasContent("cowsay: no such cow\n");
        assertThat(resultDir.resolve("outputs")).isEmptyDirectory();
    }

    @Test
    void shouldStopTheJobAndReportTimedOutWhenItNeverFinishes() throws Exception {
        bacalhau.states("Running").ran("BidAccepted", "still going\n", "", 0);
        Path resultDir = temp.resolve("result");
        JobSpec spec = withTimeout(cowsay(false), Duration.ofMillis(300));

        ExecutionResult result = executor().run(spec, resultDir);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(bacalhau.stops)
                .singleElement()
                .asString()
                .startsWith("/api/v1/orchestrator/jobs/" + FakeBacalhau.JOB_ID);
        assertThat(resultDir.resolve("exitCode")).hasContent("-1");
        assertThat(resultDir.resolve("stdout")).hasContent("still going\n");
        assertThat(resultDir.resolve("outputs")).isEmptyDirectory();
    }

    @Test
    void shouldThrowEngineUnavailableWhenTheApiCannotBeReached() throws Exception {
        URI dead = bacalhau.uri();
        bacalhau.close();
        BacalhauExecutor executor = new BacalhauExecutor(dead, HttpClient.newHttpClient(), Duration.ofMillis(10));

        assertThatThrownBy(() -> executor.run(cowsay(false), temp.resolve("result")))
                .isInstanceOfSatisfying(
                        ExecutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENGINE_UNAVAILABLE))
                .hasMessageContaining(dead.toString())
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void shouldThrowAClearErrorWhenBacalhauRejectsTheSubmission() throws Exception {
        bacalhau.rejectSubmission(400, "invalid job spec: task main: engine docker: image is not allowed\n");

        assertThatThrownBy(() -> executor().run(cowsay(false), temp.resolve("result")))
                .isInstanceOfSatisfying(
                        ExecutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENGINE_UNAVAILABLE))
                .hasMessageContaining("refused the job for module cowsay:v0.0.1")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("image is not allowed");
        assertThat(bacalhau.polls).hasValue(0);
    }

    @Test
    void shouldRefuseThePublishedResultWhenItHoldsALink() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry link = new TarArchiveEntry("outputs/passwd", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        bacalhau.ran("Completed", "", "", 0).published(bytes.toByteArray());

        assertThatThrownBy(() -> executor().run(cowsay(false), temp.resolve("result")))
                .isInstanceOfSatisfying(
                        ExecutionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
                .hasMessageContaining("is refused")
                .hasMessageContaining("outputs/passwd")
                .hasMessageContaining("links");
    }

    @Test
    void shouldCountOneInstructionPerSecondRoundedUpWhenMetering() {
        assertThat(BacalhauExecutor.instructions(Duration.ZERO)).isEqualTo(1);
        assertThat(BacalhauExecutor.instructions(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(BacalhauExecutor.instructions(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(BacalhauExecutor.instructions(Duration.ofMinutes(2))).isEqualTo(120);
    }

    private BacalhauExecutor executor() {
        return new BacalhauExecutor(bacalhau.uri(), HttpClient.newHttpClient(), Duration.ofMillis(10));
    }

    private static JobSpec cowsay(boolean network) {
        return new JobSpec(
                "cowsay:v0.0.1",
                "coophive/cowsay:local",
                List.of("/usr/games/cowsay", "moo \"quoted\""),
                Map.of("B", "two words", "A", "1"),
                500,
                256,
                0,
                Duration.ofSeconds(30),
                network,
                "/outputs",
                JobSpec.Verification.EXACT);
    }

    private static JobSpec withTimeout(JobSpec spec, Duration timeout) {
        return new JobSpec(
                spec.module(),
                spec.image(),
                spec.command(),
                spec.env(),
                spec.cpuMillis(),
                spec.memoryMb(),
                spec.gpus(),
                timeout,
                spec.network(),
                spec.outputsPath(),
                spec.verification());
    }
}
