package org.coophive.mediator.mediations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;

/** Writes a scripted result in the real layout; counts runs; can fail or time out. */
final class FakeExecutor implements Executor {

    final AtomicInteger runs = new AtomicInteger();
    volatile String stdout = "moo\n";
    volatile ExecutionResult.Outcome outcome = ExecutionResult.Outcome.SUCCEEDED;
    volatile ExecutionException failure;
    volatile String lastJobId;

    @Override
    public ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException {
        return run("unnamed", job, resultDir);
    }

    @Override
    public ExecutionResult run(String jobId, JobSpec job, Path resultDir) throws ExecutionException {
        runs.incrementAndGet();
        lastJobId = jobId;
        if (failure != null) throw failure;
        int exitCode = outcome == ExecutionResult.Outcome.SUCCEEDED ? 0 : -1;
        try {
            writeResult(resultDir, stdout, exitCode);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ExecutionResult(resultDir, outcome, exitCode, 7, Duration.ofMillis(5));
    }

    /** A result directory in the executors' layout. */
    static void writeResult(Path dir, String stdout, int exitCode) throws IOException {
        Files.createDirectories(dir.resolve("outputs"));
        Files.writeString(dir.resolve("stdout"), stdout, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("stderr"), "", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("exitCode"), Integer.toString(exitCode), StandardCharsets.UTF_8);
    }
}
