package org.coophive.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a job ended.
 *
 * @param resultDir the result directory ({@code stdout}, {@code stderr}, {@code exitCode},
 *     {@code outputs/})
 * @param outcome succeeded, failed, timed out or out of memory
 * @param exitCode the job's exit code (-1 when it was killed before exiting)
 * @param instructionCount the metering figure that goes on chain as the instruction count (at
 *     least 1; each executor documents what it measures)
 * @param elapsed wall time of the job
 * @param limitExceeded which of the executor's {@link ResultLimits} the job went over and by how
 *     much (e.g. {@code outputs too large: at least N bytes, limit M}), {@code ""} if none
 */
public record ExecutionResult(
        Path resultDir, Outcome outcome, int exitCode, long instructionCount, Duration elapsed, String limitExceeded) {

    public ExecutionResult {
        Objects.requireNonNull(resultDir, "resultDir");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
        limitExceeded = limitExceeded == null ? "" : limitExceeded;
        if (instructionCount < 1) throw new IllegalArgumentException("instructionCount must be at least 1");
    }

    /** A result within every limit. */
    public ExecutionResult(Path resultDir, Outcome outcome, int exitCode, long instructionCount, Duration elapsed) {
        this(resultDir, outcome, exitCode, instructionCount, elapsed, "");
    }

    /** How a job ended. */
    public enum Outcome {
        /** Exit code 0. */
        SUCCEEDED,
        /** A non-zero exit code. */
        FAILED,
        /** Killed after the module's timeout. */
        TIMED_OUT,
        /** Killed by the kernel for exceeding its memory limit. */
        OUT_OF_MEMORY,
        /**
         * The job wrote more outputs than {@link ResultLimits#maxOutputBytes()}: {@code outputs/}
         * is left empty and {@link ExecutionResult#limitExceeded()} says how much there was.
         */
        OUTPUTS_TOO_LARGE
    }
}
