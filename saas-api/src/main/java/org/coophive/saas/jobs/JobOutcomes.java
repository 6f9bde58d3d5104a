package org.coophive.saas.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.coophive.saas.credits.CreditLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends jobs: the outcome is stored and, when the job ended without the user's fault, its debit is
 * refunded in the same transaction (the ledger refunds a job once at most).
 */
@Component
class JobOutcomes {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

    /** Outcomes that are not the user's doing: the credits go back. */
    static final Set<String> REFUNDED = Set.of("NO_MATCH", "TERMS_REFUSED", "TIMED_OUT", "RESULTS_REJECTED", "ERROR");

    private final JobRepository jobs;
    private final CreditLedger ledger;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    JobOutcomes(JobRepository jobs, CreditLedger ledger, TransactionTemplate transactions, MeterRegistry meters) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Whether a job that ended so is refunded. A job that failed inside its container (non-zero
     * exit, the user's input) is not; one the provider could not run (an error in the result) is.
     */
    static boolean refundable(String outcome, String resultError) {
        if (outcome == null) return false;
        if (REFUNDED.contains(outcome)) return true;
        return "JOB_FAILED".equals(outcome) && resultError != null && !resultError.isBlank();
    }

    void finish(UUID id, String outcome, String message, boolean refund) {
        transactions.executeWithoutResult(status -> {
            SaasJob job = jobs.findById(id).orElseThrow();
            if (job.isFinished()) return;
            job.finish(outcome, message, clock.instant());
            if (refund)
                ledger.refund(
                        id,
                        "job " + job.getModule() + " " + outcome.toLowerCase().replace('_', ' '));
        });
        Counter.builder("saas.jobs")
                .description("jobs that ended, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        log.info("Job {} finished: {}{}", id, outcome, refund ? " (refunded)" : "");
    }
}
