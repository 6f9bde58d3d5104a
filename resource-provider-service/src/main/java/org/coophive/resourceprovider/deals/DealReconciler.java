package org.coophive.resourceprovider.deals;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.ResourceProviderSteps;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.Result;
import org.coophive.common.model.UserText;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.UploadedFiles;
import org.coophive.contracts.AgreementState;
import org.coophive.resourceprovider.deals.DealRecord.Phase;
import org.coophive.resourceprovider.deals.DealRecord.TxEntry;
import org.coophive.resourceprovider.jobs.JobOutcome;
import org.coophive.resourceprovider.jobs.JobRunner;
import org.coophive.resourceprovider.offers.ResourceOffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the provider's deals: keep the offers posted, then for each deal read where it
 * stands on chain (the authority; the solver's copy may lag) and take the next step, at most one
 * transaction per step ever:
 *
 * <ul>
 *   <li>negotiating, not agreed by us: check the terms, agree (or refuse for good);
 *   <li>negotiating, agreed by us only: once the agree timeout passed, claim it back;
 *   <li>agreed: run the job, upload the result tar, post the result, {@code addResult};
 *   <li>results submitted: once the judge timeout passed, claim payment;
 *   <li>results checked: once the mediate timeout passed, claim the collateral back;
 *   <li>final: count the earnings; the slot's offer is posted again by the next pass.
 * </ul>
 *
 * <p>Exactly once: before a step's transaction is signed its journal entry is written, and its hash
 * as soon as it is signed ({@link DealJournal}). At the start of a deal's turn, an entry left by an
 * earlier run is resolved first: a hash the node still holds is waited for, a mined one is taken as
 * done, an entry without hash or a hash the node does not know means nothing was sent. The chain's
 * own state is read before every step, so a step already done is never sent again. Hashes are
 * reported to the solver after mining, as the original did.
 *
 * <p>No head-of-line blocking: a pass lists the deals and hands each deal's turn to its lane
 * (common's {@link WorkLanes}), so a deal waiting for a receipt never holds up the others; a deal is
 * worked on by one thread at a time, and a turn waiting behind a busy lane is replaced by the
 * newest pass's. Passes themselves run one at a time ({@link org.coophive.common.reconcile.PassLoop}).
 * Deciding to agree (the slot free) and journaling the agree happen under one lock, so two deals
 * can never take the same slot.
 */
final class DealReconciler {

    private static final Logger log = LoggerFactory.getLogger(DealReconciler.class);

    /** Deal states in which this provider may still have something to do. */
    private static final List<AgreementState> OPEN_STATES = List.of(
            AgreementState.DEAL_NEGOTIATING,
            AgreementState.DEAL_AGREED,
            AgreementState.RESULTS_SUBMITTED,
            AgreementState.RESULTS_CHECKED);

    private static final BigInteger ALLOWANCE_FLOOR = BigInteger.ONE.shiftLeft(200);
    private static final BigInteger MAX_ALLOWANCE =
            BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** How many steps one deal may take in one turn (each reads the chain first). */
    private static final int MAX_STEPS_PER_TURN = 6;

    /** How an error result that stands in for a refused one starts; such a result is not replaced again. */
    static final String UNDELIVERABLE = "result not delivered: ";

    private final SolverClient solver;
    private final ResourceProviderSteps chain;
    private final ResourceOffers offers;
    private final JobRunner jobs;
    private final DealJournal journal;
    private final DealTermsCheck termsCheck;
    private final String self;
    private final Runnable trigger;
    private final WorkLanes lanes;
    private final Object slotClaims = new Object();
    private final Object offerPosts = new Object();
    private final AtomicReference<BigInteger> earnings = new AtomicReference<>(BigInteger.ZERO);

    /**
     * Whether the escrow's allowance was seen above {@link #ALLOWANCE_FLOOR} (2^200 wei: no deal
     * ever uses it up), so an agree need not read it again; cleared when a step that locks
     * collateral reverts.
     */
    private volatile boolean escrowOpen;

    /** The solver's last copy of each deal still in progress, for turns a chain event asks for. */
    private final Map<String, DealContainer> latest = new ConcurrentHashMap<>();

    /** A reconciler whose passes work on each deal at once on the pass's thread ({@link WorkLanes#direct()}). */
    DealReconciler(
            SolverClient solver,
            ResourceProviderSteps chain,
            ResourceOffers offers,
            JobRunner jobs,
            DealJournal journal,
            ServiceParties parties,
            MeterRegistry meters,
            Runnable trigger) {
        this(solver, chain, offers, jobs, journal, parties, meters, trigger, WorkLanes.direct());
    }

    /**
     * @param trigger asks for another pass soon (called when a chain event names a deal no turn has seen)
     * @param lanes where each deal's turn runs
     */
    DealReconciler(
            SolverClient solver,
            ResourceProviderSteps chain,
            ResourceOffers offers,
            JobRunner jobs,
            DealJournal journal,
            ServiceParties parties,
            MeterRegistry meters,
            Runnable trigger,
            WorkLanes lanes) {
        this.lanes = lanes;
        this.solver = solver;
        this.chain = chain;
        this.offers = offers;
        this.jobs = jobs;
        this.journal = journal;
        this.self = chain.address();
        this.termsCheck = new DealTermsCheck(self, parties, offers);
        this.trigger = trigger;
        FunctionCounter.builder("coophive.rp.earnings", earnings, e -> e.get().doubleValue())
                .description("tokens earned by jobs since start, in wei")
                .baseUnit("wei")
                .register(meters);
    }

    /** Earned since start (wei): job payments of deals that ended paid. */
    BigInteger earnings() {
        return earnings.get();
    }

    /** Whether a chain event with this deal key concerns this provider. */
    boolean concerns(Bytes32 dealKey) {
        return journal.knowsKey(dealKey.toString());
    }

    /**
     * A turn for the deal a solver event carries, on its lane, without a pass: the other deals did
     * not change, and a pass would list them all at the solver and read each on chain again.
     */
    void dealChanged(DealContainer deal) {
        latest.put(deal.id(), deal);
        lanes.offer(deal.id(), () -> turn(deal));
    }

    /**
     * A turn for the deal a chain event names, with the solver's copy last seen of it; a pass when
     * there is none (after a restart), which lists it.
     */
    void dealChanged(Bytes32 dealKey) {
        Optional<DealContainer> deal = journal.dealIdOfKey(dealKey.toString()).map(latest::get);
        if (deal.isPresent()) {
            lanes.offer(deal.get().id(), () -> turn(deal.get()));
        } else {
            trigger.run();
        }
    }

    /** One pass; a failure with one deal is logged and does not stop the others. */
    void pass() {
        postOffers();
        Map<String, DealContainer> deals = new LinkedHashMap<>();
        for (AgreementState state : OPEN_STATES) {
            for (DealContainer deal :
                    solver.deals(DealQuery.byResourceProvider(self).inState(state))) {
                deals.putIfAbsent(deal.id(), deal);
            }
        }
        // Deals in the journal that the solver no longer lists as open (its state may lag or lead).
        for (DealRecord record : journal.open()) {
            if (!deals.containsKey(record.dealId())) {
                solver.findDeal(record.dealId()).ifPresent(d -> deals.put(d.id(), d));
            }
        }
        for (DealContainer deal : deals.values()) {
            latest.put(deal.id(), deal);
            lanes.offer(deal.id(), () -> turn(deal));
        }
    }

    /**
     * Posts an offer for each free slot that has none: in each pass, and when a deal frees its slot
     * (only that changed: no pass listing every deal). One post at a time, so a slot gets one offer.
     */
    private void postOffers() {
        synchronized (offerPosts) {
            try {
                offers.ensurePosted(journal::heldByRefusedDeal, journal.busySlots());
            } catch (SolverException e) {
                // An offer the solver refuses (now or for good) must not hold up the deals in progress.
                log.warn(
                        "cannot post the resource offers ({}): {}",
                        e.isFinal() ? "refused" : "trying again",
                        e.getMessage());
            }
        }
    }

    /** The deal's job ended: a turn for that deal (with the solver's latest copy) posts its results. */
    private void jobEnded(DealContainer container) {
        DealContainer deal = latest.getOrDefault(container.id(), container);
        lanes.offer(deal.id(), () -> turn(deal));
    }

    /**
     * One deal's turn: its next step, and while a step changed its record (a transaction mined, a
     * file uploaded), the step after it at once, reading the chain again, rather than at the next
     * event (at most {@link #MAX_STEPS_PER_TURN}). When the deal's slot frees (its results are on
     * chain) a pass is asked for, which posts the slot's offer again.
     */
    private void turn(DealContainer deal) {
        for (int step = 0; step < MAX_STEPS_PER_TURN; step++) {
            Optional<DealRecord> before = journal.find(deal.id());
            try {
                reconcile(deal);
            } catch (RuntimeException e) {
                log.warn("deal {}: step failed, retrying on the next pass: {}", deal.id(), e.toString());
                log.debug("deal {}: step failure", deal.id(), e);
                return;
            }
            Optional<DealRecord> after = journal.find(deal.id());
            if (after.isPresent() && (after.get().finished() || after.get().isRefused())) {
                latest.remove(deal.id());
            }
            if (after.isEmpty() || after.equals(before)) return;
            // Freed by its addResult: the step's report posts the offer (once the solver has it).
            if (before.map(DealRecord::occupiesSlot).orElse(false)
                    && !after.get().occupiesSlot()
                    && !after.get().txs().containsKey(Step.ADD_RESULT)) postOffers();
            if (after.get().finished() || after.get().isRefused()) return;
        }
    }

    void reconcile(DealContainer container) {
        String id = container.id();
        Optional<DealRecord> known = journal.find(id);
        if (known.isPresent() && (known.get().finished() || known.get().isRefused())) return;
        if (!container.deal().id().equals(id)) {
            log.warn(
                    "deal {}: the solver's container holds deal {}; ignoring it",
                    id,
                    container.deal().id());
            return;
        }
        DealTerms terms;
        try {
            terms = DealTerms.of(container.deal());
        } catch (IllegalArgumentException e) {
            refuse(container, "its terms cannot go on chain: " + e.getMessage());
            return;
        }
        DealRecord record = journal.open(DealRecord.fresh(
                id,
                terms.key().toString(),
                container.deal().resourceOffer().id(),
                container.deal().resourceOffer().index()));
        if (!resolveEarlierSends(record)) return; // a transaction is pending: wait for it
        record = journal.find(id).orElseThrow();
        reportMinedSteps(record);

        OnChainAgreement agreement = chain.getAgreement(terms);
        if (!agreement.state().isTerminal() && record.endSeenAt() != 0) {
            journal.update(id, r -> r.withEndSeenAt(0)); // rolled back: the end is seen anew
        }
        switch (agreement.state()) {
            case DEAL_NEGOTIATING -> negotiate(container, terms, agreement);
            case DEAL_AGREED -> deliver(container, terms);
            case RESULTS_SUBMITTED -> {
                Instant deadline = agreement.resultsSubmittedAt().plusSeconds(terms.judgeResultsTimeoutSeconds());
                if (chain.latestBlockTime().isAfter(deadline)) {
                    send(
                            id,
                            Step.TIMEOUT_JUDGE_RESULTS,
                            "the job creator did not judge the results in time",
                            () -> chain.timeoutJudgeResults(terms));
                }
            }
            case RESULTS_CHECKED -> {
                Instant deadline = agreement.resultsCheckedAt().plusSeconds(terms.mediateResultsTimeoutSeconds());
                if (chain.latestBlockTime().isAfter(deadline)) {
                    send(
                            id,
                            Step.TIMEOUT_MEDIATE_RESULTS,
                            "the mediator did not judge in time",
                            () -> chain.timeoutMediateResults(terms));
                }
            }
            default -> {
                if (!endConfirmed(id)) return;
                finish(id, terms, agreement);
            }
        }
    }

    /**
     * Whether the deal's end is {@code WEB3_CONFIRMATIONS} blocks deep, so it leaves the passes for
     * good: until then a reorganisation may bring the deal back (a rolled-back {@code addResult}
     * is then sent again). Always with 0 confirmations. The head at which the end was first seen is
     * journaled, so a restart goes on waiting from there, neither forgetting the deal nor starting
     * the wait again.
     */
    private boolean endConfirmed(String id) {
        int depth = chain.confirmations();
        if (depth == 0) return true;
        long head = chain.blockNumber();
        long seen = journal.find(id).map(DealRecord::endSeenAt).orElse(0L);
        if (seen == 0) {
            journal.update(id, r -> r.withEndSeenAt(head));
            log.info("deal {}: ended at block {} or before; final once {} blocks deep", id, head, depth);
            return false;
        }
        return head - seen >= depth;
    }

    private void negotiate(DealContainer container, DealTerms terms, OnChainAgreement agreement) {
        String id = container.id();
        if (!agreement.resourceProviderAgreed()) {
            Optional<String> problem = termsCheck.problem(container);
            if (problem.isPresent()) {
                refuse(container, problem.get());
                return;
            }
            synchronized (slotClaims) {
                Optional<String> busy = slotBusy(container);
                if (busy.isPresent()) {
                    refuse(container, busy.get());
                    return;
                }
                // Journaled before another deal's turn looks at the slot: from now on it is busy.
                if (!claim(id, Step.AGREE)) return;
            }
            // The job's container is made (not started) while the agreements mine; it starts
            // once both agreed, and is discarded if the deal ends without it.
            jobs.prepare(id, container.deal().jobOffer());
            sendClaimed(
                    id,
                    Step.AGREE,
                    "terms match resource offer "
                            + container.deal().resourceOffer().id(),
                    () -> chain.agree(terms));
            return;
        }
        if (!agreement.jobCreatorAgreed()) {
            jobs.prepare(id, container.deal().jobOffer()); // after a restart: once per deal

            Instant deadline = agreement.dealCreatedAt().plusSeconds(terms.agreeTimeoutSeconds());
            if (chain.latestBlockTime().isAfter(deadline)) {
                send(id, Step.TIMEOUT_AGREE, "the job creator did not agree in time", () -> chain.timeoutAgree(terms));
            }
        }
    }

    /** Another deal of ours holds the same slot (a solver that booked one offer twice). */
    private Optional<String> slotBusy(DealContainer container) {
        int slot = container.deal().resourceOffer().index();
        String offerId = container.deal().resourceOffer().id();
        for (DealRecord other : journal.open()) {
            if (other.dealId().equals(container.id()) || !other.occupiesSlot()) continue;
            if (other.slot() == slot || other.resourceOfferId().equals(offerId)) {
                return Optional.of("slot " + slot + " is busy with deal " + other.dealId());
            }
        }
        return Optional.empty();
    }

    private void deliver(DealContainer container, DealTerms terms) {
        String id = container.id();
        Optional<JobOutcome> outcome = jobs.outcome(id);
        if (outcome.isEmpty()) {
            if (jobs.start(id, container.deal().jobOffer(), () -> jobEnded(container))) {
                log.info("deal {}: agreed on chain, job started", id);
            }
            return;
        }
        JobOutcome done = outcome.get();
        DealRecord record = journal.find(id).orElseThrow();
        if (!record.filesUploaded()) {
            UploadedFiles uploaded;
            try {
                uploaded = solver.uploadFiles(id, jobs.resultTar(id));
            } catch (SolverException e) {
                if (!e.isFinal() || done.error().startsWith(UNDELIVERABLE)) throw e;
                // Refused for good (413: over the solver's limit): an error result in its place
                // lets the deal proceed and frees the slot, instead of uploading it on every pass.
                String why = e.status() == 413
                        ? "outputs too large: " + size(jobs.resultTar(id)) + " bytes, over the solver's limit ("
                                + UserText.escape(e.detail()) + ")"
                        : "the solver refused the result tar: " + e.status() + " " + UserText.escape(e.detail());
                done = jobs.replaceWithError(id, UNDELIVERABLE + why);
                uploaded = solver.uploadFiles(id, jobs.resultTar(id));
            }
            if (!uploaded.dataId().equals(done.dataId())) {
                throw new IllegalStateException("the solver stored the result tar of deal " + id + " as "
                        + uploaded.dataId() + ", not " + done.dataId());
            }
            // Journaled with the result posted next (one durable write less on the job's path): an
            // upload a crash or a failed post leaves unjournaled is made again, the same tar under
            // the same data id, which the solver accepts.
            log.info("deal {}: result tar uploaded ({} bytes, data {})", id, uploaded.size(), uploaded.dataId());
        }
        if (record.result() == null) {
            Result posted;
            try {
                posted = solver.addResult(new Result("", id, done.dataId(), done.error(), done.instructionCount()));
            } catch (SolverException e) {
                if (!e.isFinal() || done.error().startsWith(UNDELIVERABLE)) throw e;
                // The files are in; only what the result says was refused: say why instead.
                posted = solver.addResult(new Result(
                        "",
                        id,
                        done.dataId(),
                        UNDELIVERABLE + "the solver refused the result: " + e.status() + " "
                                + UserText.escape(e.detail()),
                        done.instructionCount()));
            }
            if (!posted.dataId().equals(done.dataId()) || posted.id().isEmpty()) {
                throw new IllegalStateException("the solver stored the result of deal " + id + " as " + posted);
            }
            Result stored = posted;
            // The addResult's entry goes down in the same write when the step is certainly to be
            // sent (as claim decides: no entry yet, the escrow allowed): one durable write less.
            boolean claimed = escrowOpen && record.txs().get(Step.ADD_RESULT) == null;
            record = journal.update(id, r -> {
                DealRecord withResult = r.withFilesUploaded().withResult(stored);
                return claimed ? withResult.withTx(Step.ADD_RESULT, new TxEntry(Phase.SENDING, "")) : withResult;
            });
            log.info("deal {}: result {} posted to the solver", id, stored.id());
            if (claimed) {
                sendClaimed(id, Step.ADD_RESULT, addResultReason(stored), () -> addResult(terms, stored));
                return;
            }
        }
        Result result = record.result();
        send(id, Step.ADD_RESULT, addResultReason(result), () -> addResult(terms, result));
    }

    private static String addResultReason(Result result) {
        return "result " + result.id() + " with " + result.instructionCount() + " instructions";
    }

    private TxResult addResult(DealTerms terms, Result result) {
        return chain.addResult(
                terms,
                Bytes32.of(result.onChainId()),
                Bytes32.of(result.onChainDataId()),
                BigInteger.valueOf(result.instructionCount()));
    }

    private static long size(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return -1; // only for the message
        }
    }

    private void finish(String id, DealTerms terms, OnChainAgreement agreement) {
        BigInteger paid =
                switch (agreement.state()) {
                    case RESULTS_ACCEPTED, MEDIATION_ACCEPTED, TIMEOUT_JUDGE_RESULTS -> terms.jobCost(
                                    agreement.instructionCount())
                            .min(terms.paymentCollateral());
                    default -> BigInteger.ZERO;
                };
        journal.update(id, DealRecord::withFinished);
        jobs.discard(id); // a job made ready for a deal that ended before it ran
        earnings.accumulateAndGet(paid, BigInteger::add);
        log.info("deal {}: ended in {}, earned {} wei", id, agreement.state(), paid);
    }

    private void refuse(DealContainer container, String reason) {
        String id = container.id();
        DealRecord fresh = DealRecord.fresh(
                id,
                "",
                container.deal().resourceOffer().id(),
                container.deal().resourceOffer().index());
        journal.open(fresh);
        journal.update(id, r -> r.withRefused(reason));
        jobs.discard(id);
        log.warn("deal {}: refused, not agreeing: {}", id, reason);
    }

    // ------------------------------------------------------------------ exactly-once sends

    /**
     * Settles what an earlier run left in the journal. Returns false while a transaction of the
     * deal is still pending.
     */
    private boolean resolveEarlierSends(DealRecord record) {
        for (Map.Entry<Step, TxEntry> entry : record.txs().entrySet()) {
            Step step = entry.getKey();
            TxEntry tx = entry.getValue();
            switch (tx.phase()) {
                case SENDING -> {
                    // Written before signing, never got a hash: nothing reached the node.
                    journal.update(record.dealId(), r -> r.withTx(step, null));
                }
                case SENT -> {
                    // A transaction the node lost is delivered again as kept (same nonce and hash);
                    // of a replaced one (a gas bump), whichever version is mined is the step's.
                    // One that stays unmined (underpriced in the pool) is replaced with bumped fees, as a live one.
                    SentTransaction.Found found =
                            tx.sent().lookUp(chain, step.function, Bytes32.of(ContentIds.digest(record.dealId())));
                    TxStatus status = found.status();
                    switch (status) {
                        case PENDING -> {
                            log.info(
                                    "deal {}: {} transaction {} is still pending; waiting for it",
                                    record.dealId(),
                                    step.function,
                                    tx.hash());
                            return false;
                        }
                        case SUCCEEDED -> {
                            journal.update(record.dealId(), r -> r.withTx(step, tx.mined(found.hash())));
                            log.info(
                                    "deal {}: {} transaction {} was mined",
                                    record.dealId(),
                                    step.function,
                                    found.hash());
                        }
                        case FAILED, UNKNOWN -> {
                            journal.update(record.dealId(), r -> r.withTx(step, null));
                            log.info(
                                    "deal {}: {} transaction {} {}; the step will be decided again",
                                    record.dealId(),
                                    step.function,
                                    tx.hash(),
                                    status == TxStatus.FAILED ? "failed" : "never reached the chain");
                        }
                    }
                }
                case MINED, RECORDED -> {
                    // Done; reported below if needed.
                }
            }
        }
        return true;
    }

    /**
     * Whether a step the journal has as mined was rolled back: the chain's state still asks for it
     * (that is why it is about to be sent) and its transaction is no longer in the chain. The chain
     * client first delivers a rolled-back transaction of ours again unchanged (then it is pending,
     * not rolled back); only one it cannot bring back is forgotten, so the step is taken again.
     */
    private boolean rolledBack(String id, Step step, TxEntry done) {
        if (done.phase() != Phase.MINED && done.phase() != Phase.RECORDED) return false;
        TxStatus status = chain.transactionStatus(done.hash(), done.signed());
        if (status == TxStatus.SUCCEEDED || status == TxStatus.PENDING) {
            if (status == TxStatus.PENDING) {
                log.warn(
                        "deal {}: {} transaction {} was rolled back by the chain and is pending again",
                        id,
                        step.function,
                        done.hash());
            }
            return false;
        }
        log.warn(
                "deal {}: {} transaction {} {} after the chain's history changed; taking the step again",
                id,
                step.function,
                done.hash(),
                status == TxStatus.FAILED ? "failed" : "is gone");
        journal.update(id, r -> r.withTx(step, null));
        return true;
    }

    /** Reports to the solver the hashes of mined steps it does not have yet ({@link #reportLater}). */
    private void reportMinedSteps(DealRecord record) {
        if (record.txs().entrySet().stream()
                .anyMatch(e -> e.getValue().phase() == Phase.MINED && e.getKey().reportedToSolver())) {
            reportLater(record.dealId());
        }
    }

    /**
     * Reports the deal's mined steps to the solver on a lane of their own, so the deal's next step
     * (the job starting once the job creator's {@code agree} is mined, a turn a chain event asks
     * for) does not wait for solver calls. Bookkeeping only: the chain has the steps. Each report
     * turn reports every step mined by then, so a turn replaced by a newer one loses nothing; one
     * that fails is made by the deal's next turn, as after a crash.
     */
    private void reportLater(String id) {
        lanes.offer("report " + id, () -> {
            DealRecord record = journal.find(id).orElse(null);
            if (record == null) return;
            for (Map.Entry<Step, TxEntry> entry : record.txs().entrySet()) {
                if (entry.getValue().phase() != Phase.MINED || !entry.getKey().reportedToSolver()) continue;
                // None: the solver forgot the deal; the chain has the step, which is what counts.
                Optional.ofNullable(latest.get(id))
                        .or(() -> solver.findDeal(id))
                        .ifPresent(
                                c -> report(id, entry.getKey(), entry.getValue().hash(), c));
            }
            // The slot's offer again, once the solver has the step that freed it: asked for by the
            // turn alone, it came while the solver still counted the slot's old offer as taken, and
            // waited for the next pass (about a second).
            if (!record.occupiesSlot() && record.txs().containsKey(Step.ADD_RESULT)) postOffers();
        });
    }

    private void report(String id, Step step, String hash, DealContainer container) {
        if (!step.reported(container.transactions().resourceProvider()).equalsIgnoreCase(hash)) {
            solver.updateResourceProviderTransactions(id, step.report(hash));
        }
        journal.update(id, r -> {
            TxEntry mined = r.txs().get(step);
            String signed = mined != null && mined.hash().equals(hash) ? mined.signed() : "";
            return r.withTx(step, new TxEntry(Phase.RECORDED, hash, signed));
        });
    }

    /**
     * Sends one step's transaction, at most once: the journal entry first, the hash when signed
     * (the journal hears it from the chain client), mined, then reported to the solver.
     */
    private void send(String id, Step step, String why, Supplier<TxResult> transaction) {
        if (claim(id, step)) sendClaimed(id, step, why, transaction);
    }

    /** Writes the step's entry before anything is signed; false when the step has one already (done). */
    private boolean claim(String id, Step step) {
        DealRecord record = journal.find(id).orElseThrow();
        TxEntry done = record.txs().get(step);
        if (done != null && !rolledBack(id, step, done)) {
            // Already done (mined or recorded): the chain's state will move on.
            return false;
        }
        if (step.locksCollateral() && !escrowAllowed(id)) return false;
        journal.update(id, r -> r.withTx(step, new TxEntry(Phase.SENDING, "")));
        return true;
    }

    /** Sends a step whose entry {@link #claim} wrote. */
    private void sendClaimed(String id, Step step, String why, Supplier<TxResult> transaction) {
        TxResult tx;
        try {
            tx = transaction.get();
        } catch (ContractRevertException e) {
            // Simulated or mined and reverted: the step did not happen; decide again next pass.
            if (step.locksCollateral()) escrowOpen = false; // the allowance is read again (a chain reset takes it)
            journal.update(id, r -> r.withTx(step, null));
            log.warn("deal {}: {} refused by the contracts: {}", id, step.function, e.getMessage());
            return;
        } catch (ChainUnavailableException e) {
            // The hash (if it was signed) stays in the journal and is looked up next pass.
            log.warn("deal {}: {} sent but not confirmed: {}", id, step.function, e.getMessage());
            return;
        } catch (RuntimeException e) {
            DealRecord now = journal.find(id).orElseThrow();
            TxEntry entry = now.txs().get(step);
            if (entry != null && entry.phase() == Phase.SENDING) {
                journal.update(id, r -> r.withTx(step, null)); // never signed
            }
            throw e;
        }
        journal.update(id, r -> {
            TxEntry sent = r.txs().get(step);
            String signed = sent != null && sent.hash().equals(tx.txHash()) ? sent.signed() : "";
            return r.withTx(step, new TxEntry(Phase.MINED, tx.txHash(), signed));
        });
        log.info("deal {}: {} mined in transaction {} ({})", id, step.function, tx.txHash(), why);
        if (step.reportedToSolver()) reportLater(id);
    }

    /**
     * Whether the escrow may take this provider's collateral; if not, allows it, the approve
     * journaled on this deal as its {@link Step#APPROVE} (sent at most once, like a step: after a
     * restart a pending one is waited for and a mined one is not sent again). False while the
     * approve is not mined.
     */
    private synchronized boolean escrowAllowed(String id) {
        if (escrowOpen) return true;
        String escrow = chain.addresses().payments();
        if (chain.allowance(self, escrow).compareTo(ALLOWANCE_FLOOR) >= 0) {
            escrowOpen = true;
            return true;
        }
        send(
                id,
                Step.APPROVE,
                "the escrow may take the collateral",
                () -> journal.onBehalfOf(id, () -> chain.approve(escrow, MAX_ALLOWANCE)));
        escrowOpen = chain.allowance(self, escrow).compareTo(ALLOWANCE_FLOOR) >= 0;
        return escrowOpen;
    }
}
