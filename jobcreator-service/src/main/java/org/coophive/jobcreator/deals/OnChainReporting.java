package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.util.Optional;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.TxResult;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a finished job's result, or a refund, back to the on-chain job creator that asked for it. */
final class OnChainReporting {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final OnChainJobManager onChainJobs;
    private final JobUpdates jobs;
    private final Transactions transactions;

    OnChainReporting(OnChainJobManager onChainJobs, JobUpdates jobs, Transactions transactions) {
        this.onChainJobs = onChainJobs;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    /** Whether {@code job} is one a contract asked for and not reported yet (what {@link #report} may do). */
    boolean pending(Job job) {
        return job.onChainId().isPresent() && !job.reached(Phase.REPORTED_ON_CHAIN);
    }

    /** Reports {@code job} if a contract asked for it and it is not reported yet; never a next step. */
    boolean report(Job job) {
        if (!pending(job)) return false;
        Optional<BigInteger> onChainId = job.onChainId();
        Optional<OnChainJob> onChain = onChainJobs.getJob(onChainId.get());
        if (onChain.isEmpty() || onChain.get().status() != OnChainJobStatus.PENDING) {
            jobs.phase(
                    job,
                    Phase.REPORTED_ON_CHAIN,
                    onChain.map(j -> "already " + j.status()).orElse("job not found"));
            return false;
        }
        DealTransactionsJobCreator none = DealTransactionsJobCreator.NONE;
        if (transactions.inFlight(job, Step.SUBMIT_RESULTS, none)
                || transactions.inFlight(job, Step.REFUND_JOB, none)) {
            return false;
        }
        if (job.outcome().delivered()
                && job.result() != null
                && !job.result().dataId().isEmpty()) {
            Bytes32 dealId = Bytes32.of(job.deal().onChainId());
            String dataId = job.result().dataId();
            TxResult tx = transactions.send(
                    job, Step.SUBMIT_RESULTS, () -> onChainJobs.submitResults(onChainId.get(), dealId, dataId));
            jobs.phase(
                    jobs.current(job),
                    Phase.REPORTED_ON_CHAIN,
                    "results " + dataId + " written back to job " + onChainId.get() + "; tx " + tx.txHash());
        } else {
            TxResult tx = transactions.send(job, Step.REFUND_JOB, () -> onChainJobs.refundJob(onChainId.get()));
            jobs.phase(
                    jobs.current(job),
                    Phase.REPORTED_ON_CHAIN,
                    "job " + onChainId.get() + " refunded to its payee; tx " + tx.txHash());
        }
        log.info("job {} reported to on-chain job {}", job.id(), onChainId.get());
        return false;
    }
}
