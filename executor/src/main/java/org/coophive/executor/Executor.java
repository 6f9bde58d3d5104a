package org.coophive.executor;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Runs jobs. Implementations: the Docker executor (the default) and the Bacalhau executor.
 *
 * <p>A run writes the result directory in the original's layout: {@code stdout}, {@code stderr},
 * {@code exitCode} (the decimal exit code) and {@code outputs/}. It never leaves a container or
 * remote job behind, whatever happens (an executor may remove what a job leaves after {@code run}
 * returns, off the job's path; {@link #close} waits for that).
 */
public interface Executor extends AutoCloseable {

    /**
     * Runs {@code job} and writes its results into {@code resultDir} (created if missing; must be
     * empty).
     *
     * @return how the job ended; a job that ran and failed, timed out or ran out of memory is a
     *     result, not an exception
     * @throws ExecutionException when the job could not run at all (missing image, no GPU runtime,
     *     engine unreachable)
     */
    ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException;

    /**
     * Runs {@code job} under a name the caller keeps across its own restarts (a provider uses the
     * deal id), so that a job whose caller crashed mid-run is picked up, not started a second time.
     * An executor that can find such a job (the Docker executor, by its container's label) waits
     * for it and collects its results as if it had started it; the default just runs the job.
     *
     * @param jobId the job's stable name, non-blank
     * @see #run(JobSpec, Path)
     */
    default ExecutionResult run(String jobId, JobSpec job, Path resultDir) throws ExecutionException {
        if (jobId == null || jobId.isBlank()) throw new IllegalArgumentException("jobId must not be blank");
        return run(job, resultDir);
    }

    /**
     * Gets ready to run up to {@code slots} jobs at once for {@code owner}, a name that stays the
     * same across the owner's restarts and that no other running process uses (a provider uses its
     * host and data folder), and removes what an earlier process of that owner left behind: what it
     * had made ready, and what is left of jobs {@code finished} says are done (their results are
     * kept elsewhere, so they are never picked up). Returns at once; the work happens in the
     * background. The default does nothing.
     *
     * @param finished whether the job with this id (see {@link #run(String, JobSpec, Path)}) has
     *     ended for good; called with ids found on the engine, which may be any text
     */
    default void prepare(String owner, int slots, Predicate<String> finished) {}

    /**
     * Makes {@code job} ready to start under {@code jobId} without starting it, e.g. while the
     * agreement to run it is still being mined, so that {@link #run(String, JobSpec, Path)} with
     * the same id and job only starts it (the Docker executor starts its container behind a gate
     * that {@code run} opens). Returns at once; nothing of the job runs until {@code run}. The
     * default does nothing.
     */
    default void prepareJob(String jobId, JobSpec job) {}

    /**
     * Removes what {@link #prepareJob} made for a job that will not run. The default does nothing.
     */
    default void discardJob(String jobId) {}

    /**
     * Removes what {@link #prepare} made ready and waits (a bounded time) for what is being removed
     * in the background. Running jobs are left alone. The default does nothing.
     */
    @Override
    default void close() {}
}
