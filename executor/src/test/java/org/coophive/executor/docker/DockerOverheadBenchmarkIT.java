package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's overhead per job: a job that does nothing ({@code true} in the busybox image),
 * run {@value #RUNS} times after {@value #WARM_UP} warm-up runs, timed around
 * {@link DockerExecutor#run} (create, start, wait, collect logs and outputs; the removal runs in
 * the background, overlapping the next job as on a provider). Prints the median and p90 twice: with
 * the outputs volume and its holder made for each job, and with a spare made ready before the job
 * ({@link DockerExecutor#prepare} for one slot, as a provider does); then, with a spare, the job
 * made ready before its run as on a provider, its container created (and started by the run) or
 * started behind the gate (opened by the run), alternated job by job. A benchmark, not a timed test: it is excluded from {@code verify} and run with
 * {@code ./mvnw -pl executor verify -Dit.test=DockerOverheadBenchmarkIT} (see executor/DOCKER.md).
 */
class DockerOverheadBenchmarkIT {

    static final int WARM_UP = 3;
    static final int RUNS = 20;

    @TempDir
    Path tmp;

    @Test
    void shouldPrintTheMedianOverheadWhenRunningATrivialJob() throws Exception {
        measure(false);
        measure(true);
        measurePrepared();
    }

    private static JobSpec trivialJob() {
        return new JobSpec(
                "benchmark:v0",
                DockerExecutorIT.BUSYBOX,
                List.of("true"),
                Map.of(),
                1000,
                64,
                0,
                Duration.ofSeconds(30),
                false,
                "/outputs",
                JobSpec.Verification.EXACT);
    }

    private void measure(boolean spares) throws Exception {
        JobSpec spec = trivialJob();
        List<Long> millis = new ArrayList<>();
        try (DockerClient docker = DockerExecutor.localEngine();
                DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            if (spares) executor.prepare("overhead-benchmark:" + java.util.UUID.randomUUID(), 1, id -> false);
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                long started = System.nanoTime();
                ExecutionResult result = executor.run(spec, tmp.resolve((spares ? "spare-" : "fresh-") + i));
                long took = (System.nanoTime() - started) / 1_000_000;
                assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
                if (i >= WARM_UP) millis.add(took);
            }
        }
        print(spares ? "outputs space made ready before each job" : "outputs space made for each job", millis);
    }

    /**
     * As a provider runs a job: made ready first ({@link DockerExecutor#prepareJob} while the
     * agreement is mined, waited for here), then run under its id; timed around the run only.
     * Alternates, job by job, a container created and started by the run with one started behind
     * the gate whose run only opens it.
     */
    private void measurePrepared() throws Exception {
        JobSpec spec = trivialJob();
        List<Long> created = new ArrayList<>();
        List<Long> gated = new ArrayList<>();
        try (DockerClient docker = DockerExecutor.localEngine();
                DockerExecutor executor = new DockerExecutor(docker, ImagePolicy.NEVER)) {
            executor.prepare("overhead-benchmark:" + java.util.UUID.randomUUID(), 1, id -> false);
            for (int i = 0; i < 2 * (WARM_UP + RUNS); i++) {
                boolean gate = i % 2 == 1;
                executor.useGate(gate);
                String id = "overhead-benchmark-" + java.util.UUID.randomUUID();
                executor.prepareJob(id, spec);
                assertThat(executor.awaitPrepared(id)).isNotNull();
                long started = System.nanoTime();
                ExecutionResult result = executor.run(id, spec, tmp.resolve("prepared-" + i));
                long took = (System.nanoTime() - started) / 1_000_000;
                assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
                if (i / 2 >= WARM_UP) (gate ? gated : created).add(took);
            }
        }
        print("container created before the job, started by it", created);
        print("container started behind the gate before the job, opened by it", gated);
    }

    private static void print(String how, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        long median = (sorted.get(RUNS / 2 - 1) + sorted.get(RUNS / 2)) / 2;
        long p90 = sorted.get((int) Math.ceil(RUNS * 0.9) - 1);
        System.out.printf(
                "Docker executor overhead per job over %d runs, %s: median %d ms, p90 %d ms, min %d ms, max %d ms%n",
                RUNS, how, median, p90, sorted.get(0), sorted.get(RUNS - 1));
    }
}
