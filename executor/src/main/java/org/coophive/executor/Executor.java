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
}
