package org.coophive.jobcreator.deals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.chain.ContractRevertException;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.TxResult;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.Result;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.model.UserText;
import org.coophive.common.model.Violation;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.common.solver.SolverUnavailableException;
import org.coophive.contracts.AgreementState;
import org.coophive.executor.JobSpec;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.results.ResultUnpacker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job creator's side of every deal, as a reconciler: each {@link #pass()} lists this job
 * creator's deals at the solver, reads each deal's state on chain and takes the next step (post
 * the offer, check the terms and agree, download and judge the results, claim a timeout that is
 * due, write the result back to a contract). Solver and chain events only make passes come
 * sooner ({@link EngineLoop}). Used alike by {@code run}, the REST API and the on-chain path.
 *
 * <p>Never twice: before a step's transaction is sent, the chain is read (a step already taken
 * shows in the agreement's state) and the hash journaled for the step, here or at the solver, is
 * looked up: mined or pending means wait. Hashes are journaled as soon as the transaction is
 * signed, before the node gets it ({@link #transactionListener()}), and reported to the solver
 * once mined.
 */
public final class JobCreatorEngine implements JobService {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    /** How many steps one job may take in one pass (each re-reads the chain first). */
    private static final int MAX_STEPS_PER_PASS = 6;

    private final EngineSettings settings;
    private final SolverClient solver;
    private final JobCreatorSteps chain;
    private final OnChainJobManager onChainJobs;
    private final Modules modules;
    private final JobStore store;
    private final MatchExplainer explainer;
    private final Clock clock;
    private final IntSupplier percentDice;
    private final String self;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Object[]> sending = new ThreadLocal<>();

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
        this.settings = settings;
        this.solver = solver;
        this.chain = chain;
        this.onChainJobs = chain;
        this.modules = modules;
        this.store = store;
        this.explainer = explainer;
        this.clock = clock;
        this.percentDice = percentDice;
        this.self = chain.address();
    }

    /** This job creator's address. */
    public String address() {
        return self;
    }

    /** The settings in force. */
    public EngineSettings settings() {
        return settings;
    }

    /**
     * The listener to give the chain client ({@code ChainClientOptions.withTransactionListener}):
     * it journals each transaction's hash for the job and step being sent, before the node gets it.
     */
    public TransactionListener transactionListener() {
        return (function, dealId, txHash) -> onSigned(txHash);
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
                        .withNetwork(spec.network()),
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
        store.save(job);
        log.info("job {} submitted: {} {}", id, UserText.escape(request.module()), request.source());
        notifyListeners(job, job.phases().get(job.phases().size() - 1));
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
        store.save(job);
        Job finished = store.save(job.finished(Outcome.ERROR, why, clock.instant()));
        log.info("job {} refused: {}", job.id(), UserText.escape(why, 500));
        notifyListeners(finished, finished.phases().get(finished.phases().size() - 1));
        return finished;
    }

    @Override
    public Optional<Job> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Job> list() {
        return store.all();
    }

    @Override
    public AutoCloseable subscribe(JobListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ------------------------------------------------------------------ the pass

    /** One reconciliation of every job; safe to call from any thread (passes never overlap). */
    public PassReport pass() {
        lock.lock();
        try {
            List<RuntimeException> failures = new ArrayList<>();
            List<DealContainer> deals = null;
            try {
                deals = solver.deals(DealQuery.byJobCreator(self));
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
                    adopt(deals);
                } catch (RuntimeException e) {
                    failures.add(e);
                    log.warn("cannot adopt deals: {}", e.toString());
                }
            }
            for (Job job : store.all()) {
                try {
                    for (int step = 0; step < MAX_STEPS_PER_PASS; step++) {
                        Job current = store.find(job.id()).orElse(job);
                        if (!advance(current, byOffer, byId, deals != null)) break;
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                    if (e instanceof ChainUnavailableException || e instanceof SolverUnavailableException) {
                        log.warn("job {}: {}", job.id(), e.getMessage());
                    } else {
                        log.error("job {}: {}", job.id(), e.toString(), e);
                    }
                }
            }
            return new PassReport(failures);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next step of one job; whether it changed anything (then the next step is tried). */
    private boolean advance(
            Job job, Map<String, DealContainer> byOffer, Map<String, DealContainer> byId, boolean listed) {
        if (!job.active()) return reportOnChain(job);
        // The solver did not answer the listing in this pass: do not wait on it once more per job.
        if (!job.offerPosted()) return listed && postOffer(job);
        DealContainer container = job.dealId().isEmpty() ? byOffer.get(job.offerId()) : byId.get(job.dealId());
        if (container == null && job.dealId().isEmpty()) {
            if (listed) return checkMatchTimeout(job);
            return false;
        }
        Deal deal = container != null ? container.deal() : job.deal();
        DealTransactionsJobCreator reported =
                container != null ? container.transactions().jobCreator() : DealTransactionsJobCreator.NONE;
        if (job.dealId().isEmpty()) {
            job = phase(
                    job.withDeal(deal),
                    Phase.MATCHED,
                    "deal " + deal.id() + " with " + deal.members().resourceProvider() + " at "
                            + TokenAmounts.format(deal.pricing().instructionPrice())
                            + " tokens per instruction, payment collateral "
                            + TokenAmounts.format(deal.pricing().paymentCollateral()) + " tokens");
            log.info(
                    "job {} matched: deal {} with {}",
                    job.id(),
                    deal.id(),
                    deal.members().resourceProvider());
        }
        DealTerms terms = DealTerms.of(deal);
        OnChainAgreement agreement = chain.getAgreement(terms);
        return switch (agreement.state()) {
            case DEAL_NEGOTIATING -> negotiating(job, terms, agreement, reported);
            case DEAL_AGREED -> {
                job = ensure(job, Phase.AGREED, "");
                job = ensure(
                        job,
                        Phase.RUNNING,
                        "both parties agreed: " + deal.members().resourceProvider() + " runs it");
                yield claimIfDue(
                        job,
                        terms,
                        Step.TIMEOUT_SUBMIT_RESULTS,
                        reported.timeoutSubmitResults(),
                        agreement.dealAgreedAt(),
                        deal.timeouts().submitResults().timeout(),
                        "the resource provider posted no results in time");
            }
            case RESULTS_SUBMITTED -> {
                job = ensure(job, Phase.AGREED, "");
                job = ensure(job, Phase.RUNNING, "");
                job = ensure(job, Phase.RESULTS_POSTED, "by " + deal.members().resourceProvider());
                yield judge(job, terms, reported);
            }
            case RESULTS_CHECKED -> {
                job = ensure(job, Phase.CHECKED, "");
                yield claimIfDue(
                        job,
                        terms,
                        Step.TIMEOUT_MEDIATE_RESULTS,
                        reported.timeoutMediateResults(),
                        agreement.resultsCheckedAt(),
                        deal.timeouts().mediateResults().timeout(),
                        "no mediator judged the results in time");
            }
            default -> settle(job, terms, agreement);
        };
    }

    private boolean postOffer(Job job) {
        if (job.offer() == null) return false;
        JobOfferContainer stored;
        try {
            stored = solver.addJobOffer(job.offer());
        } catch (SolverException e) {
            if (!e.isFinal()) throw e; // passing (no answer, 408, 429, 5xx): posted again next pass
            finish(job, Outcome.ERROR, "the solver refused the job offer: " + UserText.escape(e.getMessage(), 500));
            return true;
        }
        JobOffer posted = stored.jobOffer().withId(stored.id());
        phase(job.withOffer(posted), Phase.OFFER_POSTED, stored.id());
        log.info("job {} offer posted: {}", job.id(), stored.id());
        return true;
    }

    private boolean checkMatchTimeout(Job job) {
        Instant posted = job.reachedAt(Phase.OFFER_POSTED).orElse(job.createdAt());
        if (clock.instant().isBefore(posted.plus(settings.matchTimeout()))) return false;
        String why =
                explainer.explain(job.offerId()).map(MatchExplainer::summary).orElse("the solver gave no explanation");
        finish(
                job,
                Outcome.NO_MATCH,
                "no resource offer matched within " + human(settings.matchTimeout()) + ": " + why);
        return true;
    }

    private boolean negotiating(
            Job job, DealTerms terms, OnChainAgreement agreement, DealTransactionsJobCreator reported) {
        Deal deal = job.deal();
        if (!agreement.jobCreatorAgreed()) {
            if (job.source() == JobSource.ADOPTED) return false;
            if (inFlight(job, Step.AGREE, reported.agree())) return false;
            List<String> problems = DealTermsCheck.problems(
                    job.offer(), deal, self, settings.parties().solver());
            if (!problems.isEmpty()) {
                finish(job, Outcome.TERMS_REFUSED, "deal " + deal.id() + " not agreed: " + String.join("; ", problems));
                return true;
            }
            ensureAllowance(terms.paymentCollateral().add(terms.judgeResultsCollateral()));
            TxResult tx = send(job, Step.AGREE, () -> chain.agree(terms));
            job = store.find(job.id()).orElse(job);
            phase(
                    job,
                    Phase.AGREED,
                    "locked " + TokenAmounts.format(terms.paymentCollateral().add(terms.judgeResultsCollateral()))
                            + " tokens; tx " + tx.txHash());
            return true;
        }
        job = ensure(job, Phase.AGREED, "");
        return claimIfDue(
                job,
                terms,
                Step.TIMEOUT_AGREE,
                reported.timeoutAgree(),
                agreement.dealCreatedAt(),
                deal.timeouts().agree().timeout(),
                "the resource provider did not agree in time");
    }

    private boolean claimIfDue(
            Job job, DealTerms terms, Step step, String reportedHash, Instant since, long seconds, String why) {
        if (since == null) return false;
        Instant due = since.plusSeconds(seconds);
        if (!chain.latestBlockTime().isAfter(due)) return false;
        if (inFlight(job, step, reportedHash)) return false;
        TxResult tx;
        try {
            tx = send(job, step, () -> switch (step) {
                case TIMEOUT_AGREE -> chain.timeoutAgree(terms);
                case TIMEOUT_SUBMIT_RESULTS -> chain.timeoutSubmitResults(terms);
                case TIMEOUT_MEDIATE_RESULTS -> chain.timeoutMediateResults(terms);
                default -> throw new IllegalArgumentException("not a timeout: " + step);
            });
        } catch (ContractRevertException e) {
            // A timeout either party may claim (agree, mediate): the other's claim was mined first.
            AgreementState now = chain.getAgreement(terms).state();
            if (!now.isTerminal()) throw e;
            store.find(job.id()).ifPresent(current -> store.save(current.withoutTransaction(step)));
            log.info("job {} deal {}: {} not needed, the deal already ended in {}", job.id(), job.dealId(), step, now);
            return true;
        }
        job = store.find(job.id()).orElse(job);
        phase(job, Phase.CLAIMED, step.function() + ": " + why + "; tx " + tx.txHash());
        log.info("job {} deal {}: claimed {}", job.id(), job.dealId(), step);
        return true;
    }

    private boolean judge(Job job, DealTerms terms, DealTransactionsJobCreator reported) {
        if (inFlight(job, Step.ACCEPT_RESULT, reported.acceptResult())
                || inFlight(job, Step.CHECK_RESULT, reported.checkResult())) {
            return false;
        }
        if (job.result() == null && job.downloadFailures() < settings.maxDownloadAttempts()) {
            job = download(job, terms);
            if (job.result() == null && job.downloadFailures() < settings.maxDownloadAttempts()) return false;
        }
        if (job.decision() == null) {
            if (job.result() == null) {
                job = job.withDecision(Decision.CHECK, "results unusable (" + job.message() + "): asking a mediator");
            } else if ("exact".equals(job.verification())
                    && settings.mediationChance() > 0
                    && percentDice.getAsInt() < settings.mediationChance()) {
                job = job.withDecision(
                        Decision.CHECK, "drawn for a check (mediation chance " + settings.mediationChance() + "%)");
            } else {
                job = job.withDecision(Decision.ACCEPT, "");
            }
            job = store.save(job);
        }
        if (job.decision() == Decision.ACCEPT) {
            TxResult tx = send(job, Step.ACCEPT_RESULT, () -> chain.acceptResult(terms));
            job = store.find(job.id()).orElse(job);
            phase(job, Phase.ACCEPTED, "tx " + tx.txHash());
        } else {
            ensureAllowance(terms.mediationFee());
            TxResult tx = send(job, Step.CHECK_RESULT, () -> chain.checkResult(terms));
            job = store.find(job.id()).orElse(job);
            phase(
                    job,
                    Phase.CHECKED,
                    job.message() + "; paid the mediation fee " + TokenAmounts.format(terms.mediationFee())
                            + " tokens; tx " + tx.txHash());
        }
        return true;
    }

    private Job download(Job job, DealTerms terms) {
        Optional<Result> posted = solver.findResult(job.dealId());
        if (posted.isEmpty()) {
            return store.save(job.withDownloadFailure("the provider's result is not at the solver", false));
        }
        Result result = posted.get();
        if (result.dataId().isEmpty()) {
            // The provider reports that the job could not run: nothing to download, nothing to dispute.
            JobResult failed = new JobResult("", "", "", -1, result.error(), result.instructionCount());
            return phase(job.withResult(failed), Phase.DOWNLOADED, "no files: " + result.error());
        }
        Path downloads = settings.dataDir().resolve("downloads");
        Path tar = downloads.resolve(job.dealId() + ".tar");
        try {
            Files.createDirectories(downloads);
            solver.downloadFiles(job.dealId(), tar);
        } catch (SolverNotFoundException e) {
            return store.save(job.withDownloadFailure("no result files at the solver", false));
        } catch (SolverUnavailableException e) {
            throw e;
        } catch (SolverException | IOException | UncheckedIOException e) {
            return store.save(job.withDownloadFailure("download failed: " + e.getMessage(), false));
        }
        String dataId;
        try {
            dataId = ContentIds.ofFile(tar);
        } catch (IOException e) {
            return store.save(job.withDownloadFailure("cannot read the downloaded tar: " + e.getMessage(), false));
        }
        if (!dataId.equals(result.dataId())) {
            return store.save(job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the result's " + result.dataId(), true));
        }
        Optional<OnChainResult> onChain = chain.getResult(terms);
        if (onChain.isPresent() && !onChain.get().dataId().equals(Bytes32.of(ContentIds.digest(dataId)))) {
            return store.save(job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the one the provider committed to on chain", true));
        }
        Path dir = settings.dataDir().resolve("results").resolve(job.dealId());
        try {
            deleteRecursively(dir);
            try (InputStream in = Files.newInputStream(tar)) {
                ResultUnpacker.unpack(in, dir);
            }
        } catch (IOException | RuntimeException e) {
            return store.save(job.withDownloadFailure("the result tar cannot be unpacked: " + e.getMessage(), true));
        }
        int exitCode = readExitCode(dir);
        JobResult downloaded = new JobResult(
                dataId, tar.toString(), dir.toString(), exitCode, result.error(), result.instructionCount());
        long size = tar.toFile().length();
        log.info("job {} deal {}: results downloaded to {}", job.id(), job.dealId(), dir);
        return phase(job.withResult(downloaded), Phase.DOWNLOADED, size + " bytes, data id " + dataId + ", to " + dir);
    }

    private boolean settle(Job job, DealTerms terms, OnChainAgreement agreement) {
        AgreementState state = agreement.state();
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
                job = ensure(job, Phase.ACCEPTED, "");
                job = phase(job.withCost(cost), Phase.PAID, paid(cost, agreement));
                finish(job, delivered, ran);
            }
            case MEDIATION_ACCEPTED -> {
                job = phase(job, Phase.MEDIATED, "the mediator found the results correct");
                BigInteger total = cost.add(terms.mediationFee());
                job = phase(job.withCost(total), Phase.PAID, paid(cost, agreement) + " plus the mediation fee");
                finish(job, delivered, ran);
            }
            case MEDIATION_REJECTED -> {
                job = phase(job, Phase.MEDIATED, "the mediator found the results wrong");
                job = store.save(job.withCost(terms.mediationFee()));
                finish(
                        job,
                        Outcome.RESULTS_REJECTED,
                        "the mediator found the results wrong: the provider was slashed and the payment refunded");
            }
            case TIMEOUT_JUDGE_RESULTS -> {
                job = store.save(job.withCost(cost.add(terms.judgeResultsCollateral())));
                finish(
                        job,
                        result == null ? Outcome.TIMED_OUT : delivered,
                        "the results were not judged in time: the provider was paid and our judge collateral slashed");
            }
            case TIMEOUT_AGREE -> finish(
                    store.save(job.withCost(BigInteger.ZERO)),
                    Outcome.TIMED_OUT,
                    "the resource provider did not agree in time: our collateral was refunded");
            case TIMEOUT_SUBMIT_RESULTS -> finish(
                    store.save(job.withCost(BigInteger.ZERO)),
                    Outcome.TIMED_OUT,
                    "the resource provider posted no results in time: refunded, its collateral slashed");
            case TIMEOUT_MEDIATE_RESULTS -> finish(
                    store.save(job.withCost(BigInteger.ZERO)),
                    Outcome.TIMED_OUT,
                    "no mediator judged the results in time: payment and mediation fee refunded");
            default -> throw new IllegalStateException("not a terminal state: " + state);
        }
        return true;
    }

    private static String paid(BigInteger cost, OnChainAgreement agreement) {
        return "paid " + TokenAmounts.format(cost) + " tokens for " + agreement.instructionCount() + " instructions";
    }

    /** Writes a finished job's result (or a refund) back to the on-chain job creator. */
    private boolean reportOnChain(Job job) {
        Optional<BigInteger> onChainId = job.onChainId();
        if (onChainId.isEmpty() || job.reached(Phase.REPORTED_ON_CHAIN)) return false;
        Optional<OnChainJob> onChain = onChainJobs.getJob(onChainId.get());
        if (onChain.isEmpty() || onChain.get().status() != OnChainJobStatus.PENDING) {
            phase(
                    job,
                    Phase.REPORTED_ON_CHAIN,
                    onChain.map(j -> "already " + j.status()).orElse("job not found"));
            return false;
        }
        if (inFlight(job, Step.SUBMIT_RESULTS, "") || inFlight(job, Step.REFUND_JOB, "")) return false;
        if (job.outcome().delivered()
                && job.result() != null
                && !job.result().dataId().isEmpty()) {
            Bytes32 dealId = Bytes32.of(job.deal().onChainId());
            String dataId = job.result().dataId();
            TxResult tx =
                    send(job, Step.SUBMIT_RESULTS, () -> onChainJobs.submitResults(onChainId.get(), dealId, dataId));
            job = store.find(job.id()).orElse(job);
            phase(
                    job,
                    Phase.REPORTED_ON_CHAIN,
                    "results " + dataId + " written back to job " + onChainId.get() + "; tx " + tx.txHash());
        } else {
            TxResult tx = send(job, Step.REFUND_JOB, () -> onChainJobs.refundJob(onChainId.get()));
            job = store.find(job.id()).orElse(job);
            phase(job, Phase.REPORTED_ON_CHAIN, "job " + onChainId.get() + " refunded to its payee; tx " + tx.txHash());
        }
        log.info("job {} reported to on-chain job {}", job.id(), onChainId.get());
        return false;
    }

    /** Takes over deals of this address that no job here offered, once this address agreed to them on chain. */
    private void adopt(List<DealContainer> deals) {
        List<Job> jobs = store.all();
        for (DealContainer container : deals) {
            if (container.state().isTerminal()) continue;
            boolean known = jobs.stream()
                    .anyMatch(job -> job.dealId().equals(container.id())
                            || (!job.offerId().isEmpty() && job.offerId().equals(container.jobOffer())));
            if (known) continue;
            Deal deal = container.deal();
            OnChainAgreement agreement = chain.getAgreement(DealTerms.of(deal));
            if (!agreement.jobCreatorAgreed() || agreement.state().isTerminal()) continue;
            JobOffer offer = deal.jobOffer();
            String module = offer.module().name().isEmpty()
                    ? offer.module().repo()
                    : offer.module().name();
            Job job = Job.submitted(
                            "deal-" + deal.id(),
                            JobSource.ADOPTED,
                            module,
                            offer.inputs(),
                            "",
                            "",
                            clock.instant(),
                            offer)
                    .withOffer(offer);
            store.save(job);
            phase(job.withDeal(deal), Phase.MATCHED, "adopted deal " + deal.id() + " (agreed earlier with this key)");
            log.info("adopted deal {} of job offer {}", deal.id(), offer.id());
        }
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Whether a transaction for this step is mined or pending: then it must not be sent again.
     * Looks at the hash journaled here and at the one reported to the solver.
     */
    private boolean inFlight(Job job, Step step, String reportedHash) {
        List<String> hashes = new ArrayList<>();
        job.transaction(step).ifPresent(hashes::add);
        if (reportedHash != null && !reportedHash.isEmpty() && !hashes.contains(reportedHash)) hashes.add(reportedHash);
        for (String hash : hashes) {
            TxStatus status = chain.transactionStatus(hash);
            if (status == TxStatus.PENDING || status == TxStatus.SUCCEEDED) {
                log.debug("job {}: {} already sent in {} ({})", job.id(), step, hash, status);
                return true;
            }
        }
        return false;
    }

    private TxResult send(Job job, Step step, Supplier<TxResult> call) {
        sending.set(new Object[] {job.id(), step});
        TxResult tx;
        try {
            tx = call.get();
        } finally {
            sending.remove();
        }
        Job current = store.find(job.id()).orElse(job);
        if (!tx.txHash().equals(current.transaction(step).orElse(null))) {
            store.save(current.withTransaction(step, tx.txHash()));
        }
        log.info("job {} deal {}: {} mined in {}", job.id(), job.dealId(), step, tx.txHash());
        reportToSolver(job.dealId(), step, tx.txHash());
        return tx;
    }

    private void onSigned(String txHash) {
        Object[] ref = sending.get();
        if (ref == null) return;
        store.find((String) ref[0]).ifPresent(job -> store.save(job.withTransaction((Step) ref[1], txHash)));
    }

    private void reportToSolver(String dealId, Step step, String hash) {
        if (dealId.isEmpty()) return;
        DealTransactionsJobCreator txs = step.report(hash);
        if (txs == null) return;
        try {
            solver.updateJobCreatorTransactions(dealId, txs);
        } catch (SolverException e) {
            // Bookkeeping only: the local journal and the chain remain the authority.
            log.warn("could not report {} {} for deal {} to the solver: {}", step, hash, dealId, e.getMessage());
        }
    }

    private void ensureAllowance(BigInteger needed) {
        if (needed.signum() == 0) return;
        String payments = chain.addresses().payments();
        if (chain.allowance(self, payments).compareTo(needed) < 0) {
            chain.approvePayments(needed);
        }
    }

    // ------------------------------------------------------------------ phases and outcomes

    private Job ensure(Job job, Phase phase, String message) {
        return job.reached(phase) ? job : phase(job, phase, message);
    }

    private Job phase(Job job, Phase phase, String message) {
        Job updated = store.save(job.withPhase(phase, clock.instant(), message));
        log.info(
                "job {} deal {}: {} {}", job.id(), job.dealId().isEmpty() ? "-" : job.dealId(), phase.label(), message);
        notifyListeners(updated, updated.phases().get(updated.phases().size() - 1));
        return updated;
    }

    private void finish(Job job, Outcome outcome, String why) {
        Job finished = store.save(job.finished(outcome, why, clock.instant()));
        log.info("job {} finished: {} {}", job.id(), outcome, UserText.escape(why, 500));
        notifyListeners(finished, finished.phases().get(finished.phases().size() - 1));
    }

    private void notifyListeners(Job job, PhaseEvent event) {
        for (JobListener listener : listeners) {
            try {
                listener.onPhase(job, event);
            } catch (RuntimeException e) {
                // A failing subscriber (a closed SSE stream) must not stop the engine.
                log.debug("job listener failed: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int readExitCode(Path dir) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("exitCode")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }
}
