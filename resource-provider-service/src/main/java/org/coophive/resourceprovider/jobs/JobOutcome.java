package org.coophive.resourceprovider.jobs;

import java.util.Objects;

/**
 * What running a deal's job produced: the deterministic result tar ({@code result.tar} beside
 * this record's file) and what goes into the deal's result.
 *
 * @param dealId the deal
 * @param dataId content id of the result tar
 * @param instructionCount the metering figure that goes on chain (0 when the job could not run)
 * @param exitCode the job's exit code (-1 when it did not exit by itself or did not run)
 * @param error why the job failed, {@code ""} when it succeeded
 * @param wrongOnPurpose whether test mode altered the results
 */
public record JobOutcome(
        String dealId, String dataId, long instructionCount, int exitCode, String error, boolean wrongOnPurpose) {

    public JobOutcome {
        Objects.requireNonNull(dealId, "dealId");
        Objects.requireNonNull(dataId, "dataId");
        error = error == null ? "" : error;
    }

    public boolean failed() {
        return !error.isEmpty();
    }
}
