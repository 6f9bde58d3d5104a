package org.coophive.executor.testing;

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
import org.coophive.executor.ResultLimits;

/**
 * The one fake executor of the services' tests: runs nothing and writes a scripted result in the
 * executors' layout ({@code stdout}, {@code stderr}, {@code exitCode}, {@code outputs/}). By
 * default a job succeeds, its stdout is its command and a newline, and it measures {@value
 * #INSTRUCTIONS} instructions. Tests script the stdout, the exit code or outcome, or a failure to
 * run at all; they can hold jobs until released, and read how often each job ran and how many ran
 * at once.
 */
public final class FakeExecutor implements Executor {

    /** The instruction count every run reports. */
    public static final long INSTRUCTIONS = 42;

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger totalRuns = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String stdout;
    private volatile Outcome outcome = Outcome.SUCCEEDED;
    private volatile int exitCode;
    private volatile ExecutionException failure;
    private volatile String lastJobId;
    private volatile ResultLimits limits;
    private final java.util.Set<String> prepared = ConcurrentHashMap.newKeySet();

    /** Jobs wait until {@link #release()} (at most 30 s, then they fail). */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Jobs print this ({@code null}: their command and a newline). */
    public void stdout(String stdout) {
        this.stdout = stdout;
    }

    /** Jobs keep at most this much of their stdout, cut as the Docker executor cuts it ({@code null}: all). */
    public void limits(ResultLimits limits) {
        this.limits = limits;
    }

    /** Jobs exit with {@code code}: succeeded if 0, failed otherwise. */
    public void exitWith(int code) {
        endWith(code == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, code);
    }

    /** Jobs end so (e.g. {@link Outcome#TIMED_OUT} with exit code -1, as a killed job does). */
    public void endWith(Outcome outcome, int exitCode) {
        this.outcome = outcome;
        this.exitCode = exitCode;
    }

    /** Jobs cannot run at all and throw {@code e} ({@code null}: they run again). */
    public void failWith(ExecutionException e) {
        failure = e;
    }

    /** Runs of the job named {@code jobId}. */
    public int runs(String jobId) {
        AtomicInteger n = runs.get(jobId);
        return n == null ? 0 : n.get();
    }

    /** Runs of every job, failed ones included. */
    public int runs() {
        return totalRuns.get();
    }

    /** The name of the last job run, {@code null} before the first. */
    public String lastJobId() {
        return lastJobId;
    }

    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    public int running() {
        return concurrent.get();
    }

    /**
     * Jobs made ready and neither run nor discarded since: what the Docker executor would hold
     * as created containers.
     */
    public java.util.Set<String> prepared() {
        return java.util.Set.copyOf(prepared);
    }

    @Override
    public void prepareJob(String jobId, JobSpec job) {
        prepared.add(jobId);
    }

    @Override
    public void discardJob(String jobId) {
        prepared.remove(jobId);
    }

    @Override
    public ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException {
        return run("unnamed", job, resultDir);
    }

    @Override
    public ExecutionResult run(String jobId, JobSpec job, Path resultDir) throws ExecutionException {
        prepared.remove(jobId);
        runs.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
        totalRuns.incrementAndGet();
        lastJobId = jobId;
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            if (failure != null) throw failure;
            String printed = stdout != null ? stdout : String.join(" ", job.command()) + "\n";
            writeResult(resultDir, printed, exitCode, limits);
            String exceeded = outcome == Outcome.OUTPUTS_TOO_LARGE && limits != null
                    ? limits.outputsTooLarge(limits.maxOutputBytes() + 1)
                    : "";
            return new ExecutionResult(resultDir, outcome, exitCode, INSTRUCTIONS, Duration.ofMillis(1), exceeded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    /** Writes a result directory in the executors' layout, with empty stderr and outputs. */
    public static void writeResult(Path dir, String stdout, int exitCode) {
        writeResult(dir, stdout, exitCode, null);
    }

    /**
     * Writes a result directory in the executors' layout, with empty stderr and outputs, its stdout
     * cut at {@code limits} as the Docker executor cuts it ({@code null}: whole).
     */
    public static void writeResult(Path dir, String stdout, int exitCode, ResultLimits limits) {
        try {
            Files.createDirectories(dir.resolve("outputs"));
            byte[] printed = stdout.getBytes(StandardCharsets.UTF_8);
            if (limits != null && printed.length > limits.maxLogBytes()) {
                byte[] kept = java.util.Arrays.copyOf(printed, (int) limits.maxLogBytes());
                byte[] line = limits.logTruncated("stdout", printed.length).getBytes(StandardCharsets.UTF_8);
                printed = java.util.Arrays.copyOf(kept, kept.length + line.length);
                System.arraycopy(line, 0, printed, kept.length, line.length);
            }
            Files.write(dir.resolve("stdout"), printed);
            Files.writeString(dir.resolve("stderr"), "", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("exitCode"), Integer.toString(exitCode), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
