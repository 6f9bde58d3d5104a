package org.coophive.executor;

import java.nio.file.Path;

/**
 * Runs jobs. Implementations: the Docker executor (the default) and the Bacalhau executor.
 *
 * <p>A run writes the result directory in the original's layout: {@code stdout}, {@code stderr},
 * {@code exitCode} (the decimal exit code) and {@code outputs/}. It never leaves a container or
 * remote job behind, whatever happens.
 */
public interface Executor {

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
}
