package org.coophive.jobcreator.deals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.model.UserText;
import org.coophive.common.model.Violation;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.SolverUnavailableException;
import org.coophive.contracts.AgreementState;
import org.coophive.executor.JobSpec;
import org.coophive.executor.module.ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job creator's side of every deal, as a reconciler: each {@link #pass()} lists this job
 * creator's deals at the solver, reads each deal's state on chain and takes the next step. Solver
 * and chain events only make passes come sooner (common's {@code PassLoop}). Used alike by {@code run},
 * the REST API and the on-chain path.
 *
 * <p>The steps live per concern: {@link Negotiation} (post the offer, check the terms and agree),
 * {@link Judging} (download, verify, accept or check the results), {@link Settlement} (timeouts,
 * what the deal cost), {@link OnChainReporting} (the result back to a contract that asked),
 * {@link Adoption} (deals agreed with this key that no job here knows); {@link Transactions} sends
 * each {@link Step} never twice and {@link JobUpdates} stores and announces each new version of a
 * job. This class submits jobs and picks the next step from the deal's state on chain.
 */
public final class JobCreatorEngine implements JobService {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    /** How many steps one job may take in one pass (each re-reads the chain first). */
    private static final int MAX_STEPS_PER_PASS = 6;

    private final EngineSettings settings;
    private final SolverClient solver;
    private final JobCreatorSteps chain;
    private final Modules modules;
    private final Clock clock;
    private final String self;
    private final ReentrantLock lock = new ReentrantLock();
    private final JobUpdates jobs;
    private final Transactions transactions;
    private final Negotiation negotiation;
    private final Judging judging;
    private final Settlement settlement;
    private final OnChainReporting reporting;
    private final Adoption adoption;
    private final WorkLanes lanes;

    /** Deals of this job creator whose provider posted a result at the solver, not yet fetched ahead. */
    private final Set<String> resultsAtSolver = ConcurrentHashMap.newKeySet();

    /** The solver's last copy of each open deal of a job here, by deal id, for the turns a chain event asks for. */
    private final Map<String, DealContainer> latest = new ConcurrentHashMap<>();

    /**
     * Deals heard of before the job whose offer they matched recorded that offer (the solver matched
     * it while the job's turn was still saving it), by job offer id: that turn takes them up.
     */
    private final Map<String, DealContainer> matchedEarly = new ConcurrentHashMap<>();

    /** How many turns of jobs whose offer was not posted when they began are running. */
    private final AtomicInteger postingOffers = new AtomicInteger();

    /**
     * @param chain the job creator's deal steps and the on-chain job creator it controls (one key)
     * @param percentDice gives a number 0-99 for each mediation draw
     */
    public <C extends JobCreatorSteps & OnChainJobManager> JobCreatorEngine(
            EngineSettings settings,
            SolverClient solver,
            C chain,
            Modules modules,
            JobStore store,
            MatchExplainer explainer,
            Clock clock,
            IntSupplier percentDice) {
        this(settings, solver, chain, modules, store, explainer, clock, percentDice, WorkLanes.direct());
    }

    /**
     * As above, each job's turn of a pass on its lane of {@code lanes} (a job waiting for a receipt
     * holds up no other job); {@link WorkLanes#direct()} takes every job in turn on the pass's thread.
     */
    public <C extends JobCreatorSteps & OnChainJobManager> JobCreatorEngine(
            EngineSettings settings,
            SolverClient solver,
            C chain,
            Modules modules,
            JobStore store,
            MatchExplainer explainer,
            Clock clock,
            IntSupplier percentDice,
            WorkLanes lanes) {
        this.lanes = lanes;
        this.settings = settings;
        this.solver = solver;
        this.chain = chain;
        this.modules = modules;
        this.clock = clock;
        this.self = chain.address();
        this.jobs = new JobUpdates(store, clock);
        this.transactions = new Transactions(chain, solver, jobs);
        this.negotiation = new Negotiation(settings, solver, chain, explainer, jobs, transactions);
        this.judging = new Judging(settings, solver, chain, percentDice, jobs, transactions);
        this.settlement = new Settlement(chain, jobs, transactions);
        this.reporting = new OnChainReporting(chain, jobs, transactions);
        this.adoption = new Adoption(chain, jobs);
    }

    /** This job creator's address. */
    public String address() {
        return self;
    }

    /**
     * Whether a solver event may move one of this job creator's jobs: one about its deal or its job
     * offer (not another party's, nor a resource offer: the solver's deal comes as its own event).
     */
    public boolean concerns(SolverEvent event) {
        if (event.deal() != null) return Addresses.equal(event.deal().jobCreator(), self);
        if (event.jobOffer() != null) return Addresses.equal(event.jobOffer().jobCreator(), self);
        return false;
    }

    /** Whether a job here is in the deal with this id (for chain events, which name deals only). */
    public boolean hasDeal(String dealId) {
        return jobs.findByDeal(dealId).isPresent();
    }

    /** The settings in force. */
    public EngineSettings settings() {
        return settings;
    }

    /**
     * The listener to give the chain client ({@code ChainClientOptions.withTransactionListener}):
     * it journals each transaction's hash on the job and step being sent, before the node gets it.
     */
    public TransactionListener transactionListener() {
        return transactions.listener();
    }

    /**
     * Hears a solver event: a result posted for one of this job creator's deals is fetched on the
     * deal's next turn, while the provider's {@code addResult} mines.
     *
     * @return whether the event is a reason for a pass ({@link #concerns})
     */
    public boolean heard(SolverEvent event) {
        DealContainer deal = event.deal();
        if (event.eventType() == SolverEvent.EventType.DEAL_RESULT_POSTED
                && deal != null
                && Addresses.equal(deal.jobCreator(), self)) {
            resultsAtSolver.add(deal.id());
        }
        return concerns(event);
    }

    /**
     * Hears a solver event ({@link #heard}) and, when it carries a deal of a job here, gives that
     * job a turn on its lane at once with the deal as the event has it, without a pass (a pass
     * lists every open deal at the solver before any job's turn). For an engine whose jobs take
     * turns on their own lanes (the daemon's); with {@link WorkLanes#direct()} the turn would run on
     * the event's thread beside a pass.
     *
     * @return whether a pass is still wanted: the event concerns this job creator and names no job here
     */
    public boolean turnOn(SolverEvent event) {
        boolean concerns = heard(event);
        DealContainer deal = event.deal();
        if (!concerns) return false;
        if (deal == null) return !newsOfOwnOffer(event);
        // Known before any turn, so a chain event about it gives its job a turn, not a pass.
        latest.put(deal.id(), deal);
        Optional<Job> job = jobOf(deal);
        if (job.isEmpty()) {
            // Matched before the job's turn recorded its offer: that turn looks here once it has
            // (recorded, then looked), so one of the two sees the other.
            matchedEarly.put(deal.jobOffer(), deal);
            job = jobOf(deal);
            if (job.isEmpty()) return !offerBeingPosted();
        }
        turn(job.get(), deal);
        return false;
    }

    /**
     * Whether a job offer event only says what a job here already knows or will hear as its own
     * deal event: its offer was posted, or matched (the deal comes as {@code DealAdded}). A withdrawn
     * or expired offer still wants a pass.
     */
    private static boolean newsOfOwnOffer(SolverEvent event) {
        return event.eventType() == SolverEvent.EventType.JOB_OFFER_ADDED
                || event.eventType() == SolverEvent.EventType.JOB_OFFER_STATE_UPDATED;
    }

    /** Whether a job here is posting its offer (its turn then takes up a deal matched early). */
    private boolean offerBeingPosted() {
        return postingOffers.get() > 0;
    }

    /**
     * A turn for the job of a deal whose state changed on chain, with the deal as the solver last
     * told it (its state is read from the chain in the turn), as {@link #turnOn(SolverEvent)}.
     *
     * @return whether a pass is wanted instead: the deal was not heard of since the last pass
     */
    public boolean turnOn(String dealId) {
        DealContainer deal = latest.get(dealId);
        if (deal == null) return true;
        Optional<Job> job = jobOf(deal);
        if (job.isEmpty()) return true;
        turn(job.get(), deal);
        return false;
    }

    /**
     * Gives a job just submitted its first turn at once on its lane, which posts its offer: no pass
     * (a pass lists the open deals at the solver and gives every job a turn) for each submission.
     */
    public void turnOnSubmitted(Job job) {
        if (!job.active() || job.offerPosted()) return;
        lanes.offer(job.id(), () -> takeTurn(job, Map.of(), Map.of(), new EveryDeal(), true, new ArrayList<>()));
    }

    /** The job a deal is for: the one with its id, or the one whose offer it matched (indexed, no walk). */
    private Optional<Job> jobOf(DealContainer deal) {
        Optional<Job> inDeal = jobs.findByDeal(deal.id());
        if (inDeal.isPresent()) return inDeal;
        return jobs.findByOffer(deal.jobOffer()).filter(job -> job.dealId().isEmpty() && job.offerPosted());
    }

    private void turn(Job job, DealContainer deal) {
        Map<String, DealContainer> byOffer = Map.of(deal.jobOffer(), deal);
        Map<String, DealContainer> byId = Map.of(deal.id(), deal);
        EveryDeal every = new EveryDeal();
        lanes.offer(job.id(), () -> takeTurn(job, byOffer, byId, every, true, new ArrayList<>()));
    }

    // ------------------------------------------------------------------ JobService

    @Override
    public Job submit(JobRequest request) throws InvalidJobException {
        requireValid(ModelValidator.validateJobRequest(request.moduleConfig(), request.inputs()));
        JobSpec spec;
        try {
            spec = modules.load(request.moduleConfig(), request.inputs());
        } catch (ModuleException e) {
            throw new InvalidJobException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(request.module() + ": " + e.getMessage(), e);
        }
        DealPricing configured = settings.pricing().pricing();
        DealPricing pricing = new DealPricing(
                request.maxInstructionPrice() != null ? request.maxInstructionPrice() : configured.instructionPrice(),
                request.maxPaymentCollateral() != null
                        ? request.maxPaymentCollateral()
                        : configured.paymentCollateral(),
                configured.resultsCollateralMultiple(),
                configured.mediationFee());
        JobOffer offer = new JobOffer(
                "",
                clock.millis(),
                self,
                request.moduleConfig(),
                MachineSpec.of(spec.gpus() * 1000L, spec.cpuMillis(), spec.memoryMb())
                        .withNetwork(spec.network())
                        .withPrivileges(spec.privileges()),
                request.inputs(),
                settings.pricing().mode(),
                pricing,
                settings.timeouts(),
                new TrustedParties(
                        settings.parties().solver(), settings.parties().mediators()));
        requireValid(ModelValidator.validate(offer));
        String id = UUID.randomUUID().toString();
        Job job = Job.submitted(
                id,
                request.source(),
                request.module(),
                request.inputs(),
                spec.verification().name().toLowerCase(java.util.Locale.ROOT),
                request.onChainJobId(),
                clock.instant(),
                offer);
        jobs.save(job);
        log.info("job {} submitted: {} {}", id, UserText.escape(request.module()), request.source());
        jobs.announce(job);
        return job;
    }

    /** Refuses at submission what the solver would refuse: the job ends before it starts. */
    private static void requireValid(List<Violation> violations) throws InvalidJobException {
        if (violations.isEmpty()) return;
        throw new InvalidJobException(
                violations,
                "the job is not valid: "
                        + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }

    /**
     * Records a job that cannot be run as asked and ends it at once: for a contract's request, so
     * that the next pass refunds its payee.
     */
    public Job reject(JobRequest request, String why) {
        Job job = Job.submitted(
                UUID.randomUUID().toString(),
                request.source(),
                request.module(),
                request.inputs(),
                "",
                request.onChainJobId(),
                clock.instant(),
                null);
        jobs.save(job);
        Job finished = jobs.save(job.finished(Outcome.ERROR, why, clock.instant()));
        log.info("job {} refused: {}", job.id(), UserText.escape(why, 500));
        jobs.announce(finished);
        return finished;
    }

    @Override
    public Optional<Job> find(String id) {
        return jobs.find(id);
    }

    @Override
    public List<Job> list() {
        return jobs.all();
    }

    @Override
    public AutoCloseable subscribe(JobListener listener) {
        return jobs.subscribe(listener);
    }

    // ------------------------------------------------------------------ the pass

    /**
     * One reconciliation of every job; safe to call from any thread (passes never overlap). Each job's
     * turn runs on its lane; the report holds the failures of the turns that ended before it returns
     * (all of them with {@link WorkLanes#direct()}).
     */
    public PassReport pass() {
        lock.lock();
        try {
            List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
            List<DealContainer> deals = null;
            try {
                deals = openDeals();
            } catch (SolverException e) {
                failures.add(e);
                log.warn("cannot list deals at the solver: {}", e.getMessage());
            }
            Map<String, DealContainer> byOffer = new HashMap<>();
            Map<String, DealContainer> byId = new HashMap<>();
            if (deals != null) {
                for (DealContainer deal : deals) {
                    byOffer.put(deal.jobOffer(), deal);
                    byId.put(deal.id(), deal);
                }
            }
            if (deals != null && settings.adoptDeals()) {
                try {
                    adoption.adopt(deals);
                } catch (RuntimeException e) {
                    failures.add(e);
                    log.warn("cannot adopt deals: {}", e.toString());
                }
            }
            boolean listed = deals != null;
            EveryDeal every = new EveryDeal();
            for (Job job : jobs.all()) {
                // A finished job that is final and has nothing left to report takes no turn (one not
                // yet final takes its turn to count its confirmations or notice a rollback).
                if (!job.active() && job.isFinal() && !reporting.pending(job)) continue;
                lanes.offer(job.id(), () -> takeTurn(job, byOffer, byId, every, listed, failures));
            }
            // A deal no longer open is forgotten once its job is over (or when no job here has it):
            // a deal heard of after the listing was read stays.
            if (listed) latest.keySet().removeIf(dealId -> !byId.containsKey(dealId) && overHere(dealId));
            latest.putAll(byId);
            return new PassReport(List.copyOf(failures));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the job in the deal {@code dealId} ended for good, or no job here is in it. */
    private boolean overHere(String dealId) {
        return jobs.findByDeal(dealId)
                .map(job -> !job.active() && job.isFinal())
                .orElse(true);
    }

    /** One job's turn: its next steps while each changed something; a failure is logged and added to {@code failures}. */
    private void takeTurn(
            Job job,
            Map<String, DealContainer> byOffer,
            Map<String, DealContainer> byId,
            EveryDeal every,
            boolean listed,
            List<RuntimeException> failures) {
        boolean posting = !jobs.current(job).offerPosted();
        if (posting) postingOffers.incrementAndGet();
        transactions.reportingAfter(() -> {
            try {
                for (int step = 0; step < MAX_STEPS_PER_PASS; step++) {
                    if (!advance(jobs.current(job), byOffer, byId, every, listed)) break;
                }
            } catch (RuntimeException e) {
                failures.add(e);
                if (e instanceof ChainUnavailableException || e instanceof SolverUnavailableException) {
                    log.warn("job {}: {}", job.id(), e.getMessage());
                } else {
                    log.error("job {}: {}", job.id(), e.toString(), e);
                }
            } finally {
                if (posting) postingOffers.decrementAndGet();
            }
        });
    }

    /**
     * This job creator's deals that are not over at the solver, one listing per open state: a pass
     * reads the few deals in progress, not every deal this job creator ever made (a listing that
     * grows with each job, read again on every event).
     */
    private List<DealContainer> openDeals() {
        List<DealContainer> open = new ArrayList<>();
        for (AgreementState state : AgreementState.values()) {
            if (!state.isTerminal())
                open.addAll(solver.deals(DealQuery.byJobCreator(self).inState(state)));
        }
        return open;
    }

    /**
     * Every deal of this job creator by job offer, listed at most once per pass and only when
     * needed: for a job whose offer the listing of open deals does not name once its match timeout
     * passed (its deal may have ended before a pass saw it open).
     */
    private final class EveryDeal {
        private Map<String, DealContainer> byOffer;

        synchronized Optional<DealContainer> ofOffer(String offerId) {
            if (byOffer == null) {
                Map<String, DealContainer> all = new HashMap<>();
                for (DealContainer deal : solver.deals(DealQuery.byJobCreator(self))) all.put(deal.jobOffer(), deal);
                byOffer = all;
            }
            return Optional.ofNullable(byOffer.get(offerId));
        }
    }

    /** Takes the next step of one job; whether it changed anything (then the next step is tried). */
    private boolean advance(
            Job job,
            Map<String, DealContainer> byOffer,
            Map<String, DealContainer> byId,
            EveryDeal every,
            boolean listed) {
        if (!job.active()) return job.isFinal() ? reporting.report(job) : settlement.confirm(job);
        // The solver did not answer the listing in this pass: do not wait on it once more per job.
        if (!job.offerPosted()) return listed && negotiation.postOffer(job);
        DealContainer container = job.dealId().isEmpty() ? byOffer.get(job.offerId()) : byId.get(job.dealId());
        if (container == null && job.dealId().isEmpty()) container = matchedEarly.get(job.offerId());
        if (container == null && listed && !job.dealId().isEmpty()) {
            // Over at the solver, so not among the open deals listed: this deal alone.
            container = solver.findDeal(job.dealId()).orElse(null);
        }
        if (container == null && job.dealId().isEmpty()) {
            if (!listed) return false;
            if (negotiation.matchTimedOut(job))
                container = every.ofOffer(job.offerId()).orElse(null);
            if (container == null) return negotiation.checkMatchTimeout(job);
        }
        Deal deal = container != null ? container.deal() : job.deal();
        DealTransactionsJobCreator reported =
                container != null ? container.transactions().jobCreator() : DealTransactionsJobCreator.NONE;
        if (job.dealId().isEmpty()) {
            job = negotiation.matched(job, deal);
            matchedEarly.remove(job.offerId());
        }
        DealTerms terms = DealTerms.of(deal);
        OnChainAgreement agreement = chain.getAgreement(terms);
        return switch (agreement.state()) {
            case DEAL_NEGOTIATING -> {
                if (!agreement.jobCreatorAgreed()) yield negotiation.agree(job, terms, reported);
                yield settlement.claimIfDue(
                        jobs.ensure(job, Phase.AGREED, ""),
                        terms,
                        Step.TIMEOUT_AGREE,
                        reported,
                        agreement.dealCreatedAt(),
                        deal.timeouts().agree().timeout(),
                        "the resource provider did not agree in time");
            }
            case DEAL_AGREED -> {
                job = jobs.ensure(job, Phase.AGREED, "");
                job = jobs.ensure(
                        job,
                        Phase.RUNNING,
                        "both parties agreed: " + deal.members().resourceProvider() + " runs it");
                boolean claimed = settlement.claimIfDue(
                        job,
                        terms,
                        Step.TIMEOUT_SUBMIT_RESULTS,
                        reported,
                        agreement.dealAgreedAt(),
                        deal.timeouts().submitResults().timeout(),
                        "the resource provider posted no results in time");
                if (!claimed && resultsAtSolver.remove(job.dealId())) judging.fetchAhead(jobs.current(job), terms);
                yield claimed;
            }
            case RESULTS_SUBMITTED -> {
                resultsAtSolver.remove(job.dealId());
                job = jobs.ensure(job, Phase.AGREED, "");
                job = jobs.ensure(job, Phase.RUNNING, "");
                job = jobs.ensure(
                        job, Phase.RESULTS_POSTED, "by " + deal.members().resourceProvider());
                yield judging.judge(job, terms, reported);
            }
            case RESULTS_CHECKED -> settlement.claimIfDue(
                    jobs.ensure(job, Phase.CHECKED, ""),
                    terms,
                    Step.TIMEOUT_MEDIATE_RESULTS,
                    reported,
                    agreement.resultsCheckedAt(),
                    deal.timeouts().mediateResults().timeout(),
                    "no mediator judged the results in time");
            default -> settlement.settle(job, terms, agreement);
        };
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }
}
