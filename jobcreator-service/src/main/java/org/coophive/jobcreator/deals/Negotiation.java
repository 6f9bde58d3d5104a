package org.coophive.jobcreator.deals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.TxResult;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.UserText;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverConflictException;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.SolverNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Up to the deal: posts a job's offer, gives up when nothing matches in time, checks the terms and agrees. */
final class Negotiation {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final EngineSettings settings;
    private final SolverClient solver;
    private final JobCreatorSteps chain;
    private final MatchExplainer explainer;
    private final JobUpdates jobs;
    private final Transactions transactions;
    private final OfferStamps offerStamps;

    Negotiation(
            EngineSettings settings,
            SolverClient solver,
            JobCreatorSteps chain,
            MatchExplainer explainer,
            JobUpdates jobs,
            Transactions transactions,
            OfferStamps offerStamps) {
        this.settings = settings;
        this.solver = solver;
        this.chain = chain;
        this.explainer = explainer;
        this.jobs = jobs;
        this.transactions = transactions;
        this.offerStamps = offerStamps;
    }

    boolean postOffer(Job job) {
        if (job.offer() == null) return false;
        JobOfferContainer stored;
        try {
            stored = solver.addJobOffer(job.offer());
        } catch (SolverException e) {
            if (!e.isFinal()) throw e; // passing (no answer, 408, 429, 5xx): posted again next pass
            jobs.finish(
                    job, Outcome.ERROR, "the solver refused the job offer: " + UserText.escape(e.getMessage(), 500));
            return true;
        }
        Optional<Job> holder =
                jobs.findByOffer(stored.id()).filter(other -> !other.id().equals(job.id()));
        if (holder.isPresent()) {
            // The solver answered with the offer of another job here (the same module and inputs
            // stamped alike, say by a process started again with its clock set back): taking it
            // would put both jobs in one deal. This job's offer is stamped anew and posted next.
            log.warn(
                    "job {}: the solver has its offer already as job {}'s, {}; posting it with a new created_at",
                    job.id(),
                    holder.get().id(),
                    stored.id());
            jobs.save(job.withOfferToPost(offerStamps.restamped(job.offer())));
            return true;
        }
        JobOffer posted = stored.jobOffer().withId(stored.id());
        jobs.phase(job.withOffer(posted), Phase.OFFER_POSTED, stored.id());
        return true;
    }

    /**
     * Ends the job NO_MATCH once the match timeout passed, after withdrawing its offer at the solver so
     * that no provider is matched into a deal nobody takes. An offer matched meanwhile is not withdrawn:
     * the job waits for the next pass, which sees the deal.
     */
    boolean checkMatchTimeout(Job job) {
        if (!matchTimedOut(job)) return false;
        String why =
                explainer.explain(job.offerId()).map(MatchExplainer::summary).orElse("the solver gave no explanation");
        try {
            solver.withdrawJobOffer(job.offerId());
            log.info("job {} offer withdrawn: {}", job.id(), job.offerId());
        } catch (SolverNotFoundException e) {
            // Withdrawn before a crash, or expired at the solver: nothing left to withdraw.
        } catch (SolverConflictException e) {
            log.info("job {}: offer {} matched as the match timeout passed", job.id(), job.offerId());
            return false;
        }
        jobs.finish(
                job,
                Outcome.NO_MATCH,
                "no resource offer matched within " + JobCreatorEngine.human(settings.matchTimeout()) + ": " + why);
        return true;
    }

    /** Whether the job's offer has waited for a match longer than the match timeout. */
    boolean matchTimedOut(Job job) {
        Instant posted = job.reachedAt(Phase.OFFER_POSTED).orElse(job.createdAt());
        return !jobs.clock().instant().isBefore(posted.plus(settings.matchTimeout()));
    }

    /** Records the deal the solver matched the job's offer into. */
    Job matched(Job job, Deal deal) {
        return jobs.phase(
                job.withDeal(deal),
                Phase.MATCHED,
                "deal " + deal.id() + " with " + deal.members().resourceProvider() + " at "
                        + TokenAmounts.format(deal.pricing().instructionPrice())
                        + " tokens per instruction, payment collateral "
                        + TokenAmounts.format(deal.pricing().paymentCollateral()) + " tokens");
    }

    /** Agrees to the deal if its terms are the offer's (else ends the job); adopted deals are agreed already. */
    boolean agree(Job job, DealTerms terms, DealTransactionsJobCreator reported) {
        Deal deal = job.deal();
        if (job.source() == JobSource.ADOPTED) return false;
        if (transactions.inFlight(job, Step.AGREE, reported)) return false;
        List<String> problems = DealTermsCheck.problems(
                job.offer(), deal, chain.address(), settings.parties().solver());
        if (!problems.isEmpty()) {
            jobs.finish(
                    job, Outcome.TERMS_REFUSED, "deal " + deal.id() + " not agreed: " + String.join("; ", problems));
            return true;
        }
        Optional<TxResult> sent = transactions.sendSpending(
                job,
                Step.APPROVE_AGREE,
                Step.AGREE,
                terms.paymentCollateral().add(terms.judgeResultsCollateral()),
                () -> chain.agree(terms));
        if (sent.isEmpty()) return false;
        TxResult tx = sent.get();
        jobs.phase(
                jobs.current(job),
                Phase.AGREED,
                "locked " + TokenAmounts.format(terms.paymentCollateral().add(terms.judgeResultsCollateral()))
                        + " tokens; tx " + tx.txHash());
        return true;
    }
}
