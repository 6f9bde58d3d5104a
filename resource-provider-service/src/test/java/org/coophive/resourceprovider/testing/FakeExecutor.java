package org.coophive.resourceprovider.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;

/**
 * An executor that writes a deterministic result (the job's command on stdout) without running
 * anything; counts runs per job id and how many run at once, and can hold jobs until released.
 */
public final class FakeExecutor implements Executor {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int exitCode;
    private volatile ExecutionException failure;

    /** Jobs wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    public void exitWith(int code) {
        exitCode = code;
    }

    public void failWith(ExecutionException e) {
        failure = e;
    }

    public int runs(String jobId) {
        AtomicInteger n = runs.get(jobId);
        return n == null ? 0 : n.get();
    }

    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    public int running() {
        return concurrent.get();
    }

    @Override
    public ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException {
        return run("unnamed", job, resultDir);
    }

    @Override
    public ExecutionResult run(String jobId, JobSpec job, Path resultDir) throws ExecutionException {
        runs.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            if (failure != null) throw failure;
            Files.createDirectories(resultDir.resolve("outputs"));
            Files.writeString(
                    resultDir.resolve("stdout"), String.join(" ", job.command()) + "\n", StandardCharsets.UTF_8);
            Files.writeString(resultDir.resolve("stderr"), "", StandardCharsets.UTF_8);
            Files.writeString(resultDir.resolve("exitCode"), Integer.toString(exitCode), StandardCharsets.US_ASCII);
            return new ExecutionResult(
                    resultDir, exitCode == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, exitCode, 42, Duration.ofMillis(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
        }
    }
}
