package org.coophive.saas.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as users see it (API and pages).
 *
 * @param state what a person reads: queued, running, succeeded, failed, refunded...
 * @param receipt what happened on chain and what it cost; ids are empty until known
 * @param files the job's result files, relative to its folder {@code results/<id>}
 */
public record JobView(
        String id,
        String module,
        String title,
        String status,
        String outcome,
        String state,
        String message,
        Map<String, String> inputs,
        long credits,
        boolean refunded,
        Instant createdAt,
        Instant updatedAt,
        List<PhaseView> phases,
        Receipt receipt,
        String stdout,
        List<String> files) {

    /** One phase with the seconds since the job was submitted. */
    public record PhaseView(String phase, String label, String at, double elapsedSeconds, String message) {}

    /** One transaction the job creator sent for this job. */
    public record Transaction(String step, String hash) {}

    public record Receipt(
            String jobOfferId,
            String dealId,
            String provider,
            String dataId,
            Integer exitCode,
            List<Transaction> transactions,
            String costWei,
            String costTokens,
            long credits) {}

    public boolean finished() {
        return SaasJob.FINISHED.equals(status);
    }
}
