package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.JobOffer;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a job's transactions never twice: before a step is sent, {@link #inFlight} looks up the
 * hash journaled on the job and the one reported to the solver; while it is sent, the hash is
 * journaled on the job as soon as it is signed ({@link #listener()}), before the node gets it; once
 * mined, it is reported to the solver.
 */
final class Transactions {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    /** The step being sent and for which job, by the thread sending it (jobs take turns on their own lanes). */
    private record Sending(String jobId, Step step) {}

    private final JobCreatorSteps chain;
    private final SolverClient solver;
    private final JobUpdates jobs;
    private final ThreadLocal<Sending> sending = new ThreadLocal<>();

    /** The solver reports of the turn running on this thread, sent at its end ({@link #reportingAfter}). */
    private final ThreadLocal<List<Runnable>> deferredReports = new ThreadLocal<>();

    /**
     * Guards {@link #reserved}. An approval sets the allowance (it does not add to it), so jobs
     * agreeing at once must not each approve only their own amount: one would spend the other's.
     */
    private final Object allowance = new Object();

    /** What the spending steps sent and not yet mined will take from the allowance. Guarded by {@link #allowance}. */
    private BigInteger reserved = BigInteger.ZERO;

    /**
     * How many agrees after this one an agree's approve allows as well (a standing allowance): most
     * agrees then find the allowance there and go out at once, without an approve to mine first.
     */
    static final int AGREES_AHEAD = 8;

    Transactions(JobCreatorSteps chain, SolverClient solver, JobUpdates jobs) {
        this.chain = chain;
        this.solver = solver;
        this.jobs = jobs;
    }

    /**
     * Journals the step being sent on its job when the chain client has signed it: its hash and
     * signed bytes, and for a replacement (a gas bump) the hash it replaces too.
     */
    TransactionListener listener() {
        return new TransactionListener() {
            @Override
            public void signed(String function, Bytes32 dealId, String txHash) {
                signed(function, dealId, txHash, "");
            }

            @Override
            public void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
                Sending now = sending.get();
                if (now == null || !now.step().function().equals(function)) return;
                jobs.find(now.jobId())
                        .ifPresent(job -> jobs.save(job.withSigned(now.step(), txHash, signedTransaction)));
            }

            @Override
            public void replaced(
                    String function, Bytes32 dealId, String replacedHash, String txHash, String signedTransaction) {
                Sending now = sending.get();
                if (now == null || !now.step().function().equals(function)) return;
                jobs.find(now.jobId())
                        .ifPresent(job ->
                                jobs.save(job.withReplacement(now.step(), replacedHash, txHash, signedTransaction)));
            }
        };
    }

    /**
     * Whether a transaction for this step, journaled here or reported to the solver, is mined or
     * pending. The journaled one is looked up in every version (its replacements), and delivered
     * again unchanged from its kept bytes when the node lost it while its nonce is free: a step is
     * sent anew only when none of its transactions can be mined any more.
     */
    boolean inFlight(Job job, Step step, DealTransactionsJobCreator reported) {
        Optional<SentTransaction> journaled = job.sentTransaction(step);
        if (journaled.isPresent()) {
            SentTransaction.Found found = lookUp(job, step, journaled.get());
            if (found.status() == TxStatus.PENDING || found.status() == TxStatus.SUCCEEDED) {
                if (!found.hash().equals(job.transaction(step).orElse(null))) {
                    jobs.save(jobs.current(job).withTransaction(step, found.hash()));
                }
                log.debug(
                        "job {}: {} already sent in {} ({})", job.id(), step.function(), found.hash(), found.status());
                return true;
            }
        }
        String atSolver = step.reported(reported);
        if (!atSolver.isEmpty() && journaled.map(tx -> !tx.has(atSolver)).orElse(true)) {
            TxStatus status = chain.transactionStatus(atSolver);
            if (status == TxStatus.PENDING || status == TxStatus.SUCCEEDED) {
                log.debug("job {}: {} already sent in {} ({})", job.id(), step.function(), atSolver, status);
                return true;
            }
        }
        return false;
    }

    /**
     * Looks a journaled transaction of {@code step} up with its step: one sent before a restart that
     * stays unmined (underpriced in the pool) is replaced with bumped fees as a live one would be,
     * the replacement journaled on the job (both hashes) by {@link #listener()} before the node gets it.
     */
    private SentTransaction.Found lookUp(Job job, Step step, SentTransaction journaled) {
        Bytes32 deal = job.dealId().isEmpty() ? null : Bytes32.of(ContentIds.digest(job.dealId()));
        Sending outer = sending.get();
        sending.set(new Sending(job.id(), step));
        try {
            return journaled.lookUp(chain, step.function(), deal);
        } finally {
            if (outer == null) sending.remove();
            else sending.set(outer);
        }
    }

    /** Sends {@code step} for {@code job}; returns the mined transaction, its hash on the stored job. */
    TxResult send(Job job, Step step, Supplier<TxResult> call) {
        sending.set(new Sending(job.id(), step));
        TxResult tx;
        try {
            tx = call.get();
        } finally {
            sending.remove();
        }
        Job current = jobs.current(job);
        // The hash mined: the one signed, or a version it replaced (same nonce).
        if (!tx.txHash().equals(current.transaction(step).orElse(null))) {
            jobs.save(current.withTransaction(step, tx.txHash()));
        }
        log.info("job {} deal {}: {} mined in {}", job.id(), job.dealId(), step.function(), tx.txHash());
        List<Runnable> later = deferredReports.get();
        if (later != null) {
            later.add(() -> reportToSolver(job.dealId(), step, tx.txHash()));
        } else {
            reportToSolver(job.dealId(), step, tx.txHash());
        }
        return tx;
    }

    /**
     * Runs a job's turn with the solver reports of the steps it sends made at its end: the phase a
     * mined step reaches (agreed, accepted) and the steps after it are recorded first, not after a
     * round trip to the solver (the reports are bookkeeping; the journal and the chain decide).
     */
    void reportingAfter(Runnable turn) {
        List<Runnable> reports = new ArrayList<>();
        deferredReports.set(reports);
        try {
            turn.run();
        } finally {
            deferredReports.remove();
            for (Runnable report : reports) {
                try {
                    report.run();
                } catch (RuntimeException e) {
                    log.warn("could not report a transaction to the solver: {}", e.toString());
                }
            }
        }
    }

    /** Forgets the hash of a step another party's transaction made unnecessary. */
    void forget(Job job, Step step) {
        jobs.find(job.id()).ifPresent(current -> jobs.save(current.withoutTransaction(step)));
    }

    /**
     * Sends {@code step}, which spends {@code needed} of this job creator's tokens through the
     * payments contract, after making sure the allowance covers it and every other spending step on
     * its way (approving their sum if not, the approve journaled on the job as {@code approveStep}).
     * An agree's approve allows {@link #AGREES_AHEAD} more agrees of its amount as well, so the next
     * agrees need none.
     * The lock is not held while the step waits for its receipt, so one job's slow step never holds
     * up another's.
     *
     * @return the mined step, or empty while a journaled approve is still pending (after a restart)
     */
    Optional<TxResult> sendSpending(Job job, Step approveStep, Step step, BigInteger needed, Supplier<TxResult> call) {
        synchronized (allowance) {
            // The room kept for the next agrees; a step other than an agree (the mediation fee)
            // never eats into it: it approves its own amount on top when the rest does not cover it.
            BigInteger room = agreesRoom(job);
            BigInteger required = reserved.add(needed);
            if (step != Step.AGREE) required = required.add(room);
            BigInteger approved = step == Step.AGREE ? required.add(room) : required;
            if (!ensureAllowance(job, approveStep, required, approved)) return Optional.empty();
            reserved = reserved.add(needed);
        }
        try {
            return Optional.of(send(job, step, call));
        } finally {
            synchronized (allowance) {
                reserved = reserved.subtract(needed);
            }
        }
    }

    /** {@link #AGREES_AHEAD} times what the job's offer lets its agree lock (none for a job without an offer). */
    private static BigInteger agreesRoom(Job job) {
        JobOffer offer = job.offer();
        if (offer == null) return BigInteger.ZERO;
        return offer.pricing()
                .paymentCollateral()
                .add(offer.timeouts().judgeResults().collateral())
                .multiply(BigInteger.valueOf(AGREES_AHEAD));
    }

    /**
     * Whether the payments contract may take {@code needed} of this job creator's tokens; if not,
     * allows {@code approved} (at least {@code needed}), the approve journaled on the job as {@code approveStep} (the approve the step after
     * it needs): after a restart an approve still pending is waited for (false) and one mined is
     * not sent again while the allowance it gave is there.
     */
    private boolean ensureAllowance(Job job, Step approveStep, BigInteger needed, BigInteger approved) {
        if (needed.signum() == 0) return true;
        String payments = chain.addresses().payments();
        if (chain.allowance(chain.address(), payments).compareTo(needed) >= 0) return true;
        Optional<SentTransaction> earlier = jobs.current(job).sentTransaction(approveStep);
        if (earlier.isPresent() && lookUp(job, approveStep, earlier.get()).status() == TxStatus.PENDING) {
            log.info(
                    "job {}: approve {} is still pending; waiting for it",
                    job.id(),
                    earlier.get().hash());
            return false;
        }
        send(job, approveStep, () -> chain.approvePayments(approved));
        return true;
    }

    private void reportToSolver(String dealId, Step step, String hash) {
        DealTransactionsJobCreator txs = step.report(hash);
        if (dealId.isEmpty() || txs == null) return;
        try {
            solver.updateJobCreatorTransactions(dealId, txs);
        } catch (SolverException e) {
            // Bookkeeping only: the local journal and the chain remain the authority.
            log.warn(
                    "could not report {} {} for deal {} to the solver: {}",
                    step.function(),
                    hash,
                    dealId,
                    e.getMessage());
        }
    }
}
