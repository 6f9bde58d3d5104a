package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.time.Instant;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.TxResult;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.contracts.AgreementState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a deal ends for the job creator: claims the timeouts that are due and, once it ended, what it cost. */
final class Settlement {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final JobCreatorSteps chain;
    private final JobUpdates jobs;
    private final Transactions transactions;

    Settlement(JobCreatorSteps chain, JobUpdates jobs, Transactions transactions) {
        this.chain = chain;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    /**
     * Claims the timeout {@code step} once the latest block is past {@code since} plus {@code seconds}.
     *
     * @param why what the other party failed to do in time
     */
    boolean claimIfDue(
            Job job,
            DealTerms terms,
            Step step,
            DealTransactionsJobCreator reported,
            Instant since,
            long seconds,
            String why) {
        if (since == null) return false;
        Instant due = since.plusSeconds(seconds);
        if (!chain.latestBlockTime().isAfter(due)) return false;
        if (transactions.inFlight(job, step, reported)) return false;
        TxResult tx;
        try {
            tx = transactions.send(job, step, () -> switch (step) {
                case TIMEOUT_AGREE -> chain.timeoutAgree(terms);
                case TIMEOUT_SUBMIT_RESULTS -> chain.timeoutSubmitResults(terms);
                case TIMEOUT_MEDIATE_RESULTS -> chain.timeoutMediateResults(terms);
                default -> throw new IllegalArgumentException("not a timeout: " + step);
            });
        } catch (ContractRevertException e) {
            // A timeout either party may claim (agree, mediate): the other's claim was mined first.
            AgreementState now = chain.getAgreement(terms).state();
            if (!now.isTerminal()) throw e;
            transactions.forget(job, step);
            log.info(
                    "job {} deal {}: {} not needed, the deal already ended in {}",
                    job.id(),
                    job.dealId(),
                    step.function(),
                    now);
            return true;
        }
        jobs.phase(jobs.current(job), Phase.CLAIMED, step.function() + ": " + why + "; tx " + tx.txHash());
        log.info("job {} deal {}: claimed {}", job.id(), job.dealId(), step.function());
        return true;
    }

    /** Ends the job of a deal in a terminal state, with what it cost. */
    boolean settle(Job job, DealTerms terms, OnChainAgreement agreement) {
        AgreementState state = agreement.state();
        if (chain.confirmations() > 0) {
            // Ended now; final only once WEB3_CONFIRMATIONS blocks are mined on top (see confirm).
            job = jobs.save(job.awaitingConfirmations(chain.blockNumber()));
        }
        BigInteger cost = terms.jobCost(agreement.instructionCount()).min(terms.paymentCollateral());
        JobResult result = job.result();
        Outcome delivered = result == null || result.succeeded() ? Outcome.SUCCEEDED : Outcome.JOB_FAILED;
        String ran = result == null
                ? ""
                : !result.error().isEmpty()
                        ? "the provider reported: " + result.error()
                        : result.exitCode() != 0 ? "the job exited with code " + result.exitCode() : "";
        switch (state) {
            case RESULTS_ACCEPTED -> {
                job = jobs.ensure(job, Phase.ACCEPTED, "");
                job = jobs.phase(job.withCost(cost), Phase.PAID, paid(cost, agreement));
                jobs.finish(job, delivered, ran);
            }
            case MEDIATION_ACCEPTED -> {
                job = jobs.phase(job, Phase.MEDIATED, "the mediator found the results correct");
                BigInteger total = cost.add(terms.mediationFee());
                job = jobs.phase(job.withCost(total), Phase.PAID, paid(cost, agreement) + " plus the mediation fee");
                jobs.finish(job, delivered, ran);
            }
            case MEDIATION_REJECTED -> {
                job = jobs.phase(job, Phase.MEDIATED, "the mediator found the results wrong");
                jobs.finish(
                        jobs.save(job.withCost(terms.mediationFee())),
                        Outcome.RESULTS_REJECTED,
                        "the mediator found the results wrong: the provider was slashed and the payment refunded");
            }
            case TIMEOUT_JUDGE_RESULTS -> jobs.finish(
                    jobs.save(job.withCost(cost.add(terms.judgeResultsCollateral()))),
                    result == null ? Outcome.TIMED_OUT : delivered,
                    "the results were not judged in time: the provider was paid and our judge collateral slashed");
            case TIMEOUT_AGREE -> refunded(
                    job, "the resource provider did not agree in time: our collateral was refunded");
            case TIMEOUT_SUBMIT_RESULTS -> refunded(
                    job, "the resource provider posted no results in time: refunded, its collateral slashed");
            case TIMEOUT_MEDIATE_RESULTS -> refunded(
                    job, "no mediator judged the results in time: payment and mediation fee refunded");
            default -> throw new IllegalStateException("not a terminal state: " + state);
        }
        return true;
    }

    /**
     * Follows an ended job whose settlement waits for confirmations: final once the deal is still
     * settled {@code WEB3_CONFIRMATIONS} blocks after it was read so; going on again when the chain
     * rolled the settlement back (the next steps, a rolled-back transaction of ours sent again
     * included, are then taken as for any deal). Returns whether the job changed.
     */
    boolean confirm(Job job) {
        long head = chain.blockNumber();
        OnChainAgreement agreement = chain.getAgreement(DealTerms.of(job.deal()));
        if (!agreement.state().isTerminal()) {
            String why = "the chain rolled back the settlement (" + job.outcome() + "); the deal is "
                    + agreement.state() + " again";
            jobs.phase(job.reopened(why), Phase.ROLLED_BACK, why);
            log.warn(
                    "job {} deal {}: the chain rolled back its settlement ({}), the deal is {} again; following it again",
                    job.id(),
                    job.dealId(),
                    job.outcome(),
                    agreement.state());
            return true;
        }
        long confirmations = head - job.unconfirmedSince();
        if (confirmations < chain.confirmations()) return false;
        jobs.phase(
                job.confirmed(),
                Phase.FINAL,
                job.outcome() + ", " + confirmations + " blocks deep (WEB3_CONFIRMATIONS)");
        log.info(
                "job {} deal {}: {} is final ({} confirmations)", job.id(), job.dealId(), job.outcome(), confirmations);
        return true;
    }

    private void refunded(Job job, String why) {
        jobs.finish(jobs.save(job.withCost(BigInteger.ZERO)), Outcome.TIMED_OUT, why);
    }

    private static String paid(BigInteger cost, OnChainAgreement agreement) {
        return "paid " + TokenAmounts.format(cost) + " tokens for " + agreement.instructionCount() + " instructions";
    }
}
