package org.coophive.mediator.mediations;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.MediatorSteps;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.reconcile.WorkLanes.Outcome;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.contracts.AgreementState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the next step of one mediation. Called for a deal by the reconciler, never twice at once
 * for the same deal; each call reads the solver, the chain and the journal afresh, so it may be
 * repeated at any time and after any crash.
 *
 * <p>The chain is the authority; the solver is only trusted for what can be checked: the deal it
 * serves must hash to the deal id (so its module and inputs are the ones both parties agreed to),
 * and the result files must hash to the data id on chain.
 *
 * <p>Exactly once: a judgement's hash is journaled before the node gets it ({@link
 * MediationJournal#signed}), with its signed bytes and the hashes of the versions it replaced
 * (a gas bump). With a hash journaled and the deal still in ResultsChecked, a pending or mined
 * version is waited for, one the node lost is delivered again unchanged (same nonce), and only when
 * none can be mined any more (never delivered, its nonce used) or it failed is the judgement sent
 * again, with the journaled verdict and without re-running the job. The contract refuses a second judgement anyway; the journal makes sure none is paid for.
 */
class DealMediator implements MediationStep {

    private static final Logger log = LoggerFactory.getLogger(DealMediator.class);

    private final MediatorSteps chain;
    private final SolverClient solver;
    private final ResultVerifier verifier;
    private final MediationJournal journal;
    private final MediationMetrics metrics;
    private final Clock clock;
    private final String self;

    DealMediator(
            MediatorSteps chain,
            SolverClient solver,
            ResultVerifier verifier,
            MediationJournal journal,
            MediationMetrics metrics,
            Clock clock) {
        this.chain = chain;
        this.solver = solver;
        this.verifier = verifier;
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock;
        this.self = chain.address();
    }

    /**
     * Takes the next step of the mediation of {@code dealId}, if there is one for this mediator;
     * {@link Outcome#TRY_AGAIN_SOON} when the step could not be taken for something that may change
     * in a moment (the solver unreachable, not knowing the deal or not serving its files to this
     * mediator yet: it hears the chain's MediationRequested on its own time).
     */
    @Override
    public Outcome mediate(String dealId) {
        Optional<Mediation> known = journal.find(dealId);
        if (known.isPresent() && known.get().closed()) return Outcome.DONE;
        if (known.isPresent() && known.get().finished()) {
            return report(known.get());
        }

        Optional<DealContainer> container;
        try {
            container = solver.findDeal(dealId);
        } catch (SolverException e) {
            log.warn("deal {}: cannot read it from the solver, trying again soon: {}", dealId, e.getMessage());
            return Outcome.TRY_AGAIN_SOON;
        }
        if (container.isEmpty()) {
            log.debug("deal {}: the solver does not know it (yet)", dealId);
            return Outcome.TRY_AGAIN_SOON;
        }
        Deal deal = container.get().deal();
        if (!servesAgreedDeal(dealId, deal)) return Outcome.DONE;
        DealTerms terms = DealTerms.of(deal);

        Optional<String> picked = chain.getMediator(terms);
        if (picked.isEmpty() || !picked.get().equals(self)) {
            log.debug("deal {}: this mediator was not picked ({})", dealId, picked.orElse("none yet"));
            return Outcome.DONE;
        }
        Mediation record = journal.findOrCreate(dealId, clock.millis());

        OnChainAgreement agreement = chain.getAgreement(terms);
        if (agreement.state() != AgreementState.RESULTS_CHECKED) {
            return finish(record, agreement.state());
        }
        if (record.gaveUp()) return Outcome.DONE; // left to the mediate timeout; finished once it is claimed

        if (!record.txHash().isEmpty()) {
            // Every version of the judgement (its replacements), the last one delivered again if the node lost
            // it, and replaced with bumped fees if it stays unmined (underpriced in the pool) after a restart.
            SentTransaction.Found found = record.sent().lookUp(chain, record.function(), terms.dealId());
            TxStatus status = found.status();
            switch (status) {
                case PENDING, SUCCEEDED -> {
                    if (!found.hash().equals(record.txHash())) journal.save(record.mined(found.hash()));
                    log.info("deal {}: judgement {} is {}: waiting for it", dealId, found.hash(), status);
                    return Outcome.DONE;
                }
                case FAILED, UNKNOWN -> log.warn(
                        "deal {}: judgement {} {}: sending the journaled verdict {} again",
                        dealId,
                        record.txHash(),
                        status == TxStatus.FAILED ? "failed" : "is unknown to the node (dropped)",
                        record.verdict());
            }
        }

        if (record.verdict() == null) {
            Optional<OnChainResult> posted = chain.getResult(terms);
            if (posted.isEmpty()) {
                log.error("deal {}: in ResultsChecked but no result on chain: not judging", dealId);
                return Outcome.DONE;
            }
            String postedDataId = ContentIds.fromDigest(posted.get().dataId().bytes());
            log.info("deal {}: checking the results (data id {})", dealId, postedDataId);
            try {
                record = journal.save(record.judged(verifier.judge(dealId, deal.jobOffer(), postedDataId)));
            } catch (CannotJudgeException e) {
                metrics.deferred();
                if (e.retryable()) {
                    // e.g. a 403 on the download: the solver has not recorded this mediator yet.
                    log.warn("deal {}: no verdict yet, trying again soon: {}", dealId, e.getMessage());
                    return Outcome.TRY_AGAIN_SOON;
                }
                journal.save(record.givenUp(e.getMessage()));
                log.warn("deal {}: giving up, left to the mediate timeout: {}", dealId, e.getMessage());
                return Outcome.DONE;
            }
            log.info("deal {}: verdict {}: {}", dealId, record.verdict(), record.reason());
        }
        return send(record, terms);
    }

    private boolean servesAgreedDeal(String dealId, Deal deal) {
        String contentId;
        try {
            contentId = ContentIds.of(deal);
        } catch (RuntimeException e) {
            log.warn("deal {}: the solver served a deal that cannot be hashed: {}", dealId, e.toString());
            return false;
        }
        if (!contentId.equals(dealId) || !deal.id().equals(dealId)) {
            log.warn("deal {}: the solver served a deal whose content id is {}: not judging it", dealId, contentId);
            return false;
        }
        try {
            DealTerms.of(deal);
        } catch (IllegalArgumentException e) {
            log.warn("deal {}: the deal's terms are not valid on chain: {}", dealId, e.getMessage());
            return false;
        }
        return true;
    }

    private Outcome send(Mediation record, DealTerms terms) {
        String dealId = record.dealId();
        TxResult mined;
        try {
            mined = record.verdict() == Verdict.ACCEPT
                    ? chain.mediationAcceptResult(terms)
                    : chain.mediationRejectResult(terms);
        } catch (ContractRevertException e) {
            // The deal moved on (e.g. a party claimed the mediate timeout first): the next pass
            // reads its state and finishes the record.
            log.warn("deal {}: the judgement reverted with {}: {}", dealId, e.errorName(), e.getMessage());
            return Outcome.DONE;
        }
        // The mined version (a replacement, or the one it replaced) is the judgement reported.
        Mediation sent = journal.find(dealId).orElse(record).mined(mined.txHash());
        return finish(
                sent,
                record.verdict() == Verdict.ACCEPT
                        ? AgreementState.MEDIATION_ACCEPTED
                        : AgreementState.MEDIATION_REJECTED);
    }

    private Outcome finish(Mediation record, AgreementState state) {
        if (!record.replaced().isEmpty()) {
            // A replaced judgement: the version mined is the one reported.
            SentTransaction.Found found = record.sent().lookUp(chain);
            if (found.status() == TxStatus.SUCCEEDED) record = record.mined(found.hash());
        }
        Mediation finished = record.finished(state.name());
        if (state != AgreementState.MEDIATION_ACCEPTED && state != AgreementState.MEDIATION_REJECTED) {
            // Not our judgement that ended it: nothing to report.
            finished = finished.reportedToSolver();
        }
        journal.save(finished);
        Duration elapsed = Duration.ofMillis(clock.millis() - record.requestedAt());
        metrics.finished(state, elapsed);
        log.info(
                "deal {}: mediation finished in state {} after {} ms{}",
                record.dealId(),
                state,
                elapsed.toMillis(),
                finished.txHash().isEmpty() ? "" : " (transaction " + finished.txHash() + ")");
        return report(finished);
    }

    /** Reports the judgement to the solver; to be tried again soon if the solver cannot take it now. */
    private Outcome report(Mediation record) {
        if (record.reported() || record.txHash().isEmpty()) return Outcome.DONE;
        DealTransactionsMediator transactions = MediationJournal.ACCEPT_FUNCTION.equals(record.function())
                ? new DealTransactionsMediator(record.txHash(), "")
                : new DealTransactionsMediator("", record.txHash());
        try {
            solver.updateMediatorTransactions(record.dealId(), transactions);
            journal.save(record.reportedToSolver());
            return Outcome.DONE;
        } catch (SolverException e) {
            if (e.isFinal()) {
                // Refused for good: asking again cannot help, and the chain holds the judgement.
                journal.save(record.reportedToSolver());
                log.warn("deal {}: the solver refused the judgement's report: {}", record.dealId(), e.getMessage());
                return Outcome.DONE;
            }
            log.warn("deal {}: cannot report the judgement to the solver yet: {}", record.dealId(), e.getMessage());
            return Outcome.TRY_AGAIN_SOON;
        }
    }
}
