package org.coophive.jobcreator.deals;

import java.util.Objects;

/**
 * The downloaded results of a job.
 *
 * @param dataId the content id of the result tar, checked against the provider's result and the chain
 * @param tar the downloaded tar
 * @param directory where it was unpacked: {@code stdout}, {@code stderr}, {@code exitCode}, {@code outputs/}
 * @param exitCode the job's exit code inside the container ({@code -1}: killed or unknown)
 * @param error the error the provider reported, {@code ""} if none
 * @param instructionCount what the provider charged for
 */
public record JobResult(
        String dataId, String tar, String directory, int exitCode, String error, long instructionCount) {

    public JobResult {
        Objects.requireNonNull(dataId, "dataId");
        tar = tar == null ? "" : tar;
        directory = directory == null ? "" : directory;
        error = error == null ? "" : error;
    }

    /** Whether the job itself succeeded. */
    public boolean succeeded() {
        return exitCode == 0 && error.isEmpty();
    }
}
