package org.coophive.jobcreator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.Result;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.solver.JobOfferExplanation;
import org.coophive.common.testing.FakeChain;
import org.coophive.common.testing.MutableClock;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.JobSpec;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;
import org.coophive.jobcreator.deals.EngineSettings;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobListener;
import org.coophive.jobcreator.deals.JobStore;
import org.coophive.jobcreator.deals.MatchExplainer;
import org.coophive.jobcreator.deals.Modules;
import org.coophive.jobcreator.deals.Phase;

/**
 * A job creator engine over a fake solver and a fake chain, and the other parties played by
 * hand: the solver matching, the resource provider agreeing and posting results, the mediator
 * judging, each through its own account on the chain.
 */
public final class Network {

    public static final String JC = DevAccounts.jobCreator().address();
    public static final String RP = DevAccounts.resourceProvider().address();
    public static final String SOLVER = DevAccounts.solver().address();
    public static final String MEDIATOR = DevAccounts.mediator().address();
    public static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    public final FakeChain chain = new FakeChain();
    /** The job creator's own client: what the engine sends through. */
    public final FakeChain.Account jc = chain.as(JC);

    public final FakeChain.Account rp = chain.funded(RP);
    public final FakeChain.Account mediator = chain.as(MEDIATOR);
    public final FakeSolver solver = new FakeSolver();
    public final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T12:00:00Z"));
    public final Path dataDir;
    public int dice = 50;
    public JobSpec.Verification verification = JobSpec.Verification.EXACT;
    public MatchExplainer explainer = id -> java.util.Optional.of(new JobOfferExplanation(
            id,
            List.of(new JobOfferExplanation.Verdict(
                    "QmOffer1234567890", RP, false, "cpu", "needs 1000 milli-CPU, offer has 500"))));

    public Network(Path dataDir) {
        this.dataDir = dataDir;
        chain.mint(JC, FakeChain.PLENTY);
        chain.controlJobs(JC);
    }

    public static EngineSettings settings(Path dataDir, int mediationChance) {
        Map<String, String> env = Map.of(ServiceParties.SOLVER, SOLVER, ServiceParties.MEDIATORS, MEDIATOR);
        return new EngineSettings(
                ServiceParties.fromEnvironment(env, true),
                PricingOptions.fromEnvironment(Map.of(), PricingMode.MARKET_PRICE),
                TimeoutOptions.fromEnvironment(Map.of()),
                mediationChance,
                Duration.ofSeconds(60),
                dataDir,
                3,
                false);
    }

    public Modules modules() {
        return (config, inputs) -> {
            if (config.name().startsWith("nope")) throw new ModuleException(config.name(), "unknown module nope");
            return new JobSpec(
                    config.name(),
                    "coophive/cowsay:v0.0.1",
                    List.of("cowsay", "--", "moo"),
                    Map.of(),
                    1000,
                    128,
                    0,
                    Duration.ofSeconds(60),
                    false,
                    "/outputs",
                    verification);
        };
    }

    public JobCreatorEngine engine(EngineSettings settings, JobStore store) {
        return engine(settings, store, WorkLanes.direct());
    }

    /** An engine whose passes hand each job's turn to {@code lanes} (the daemon's pooled lanes). */
    public JobCreatorEngine engine(EngineSettings settings, JobStore store, WorkLanes lanes) {
        JobCreatorEngine engine = new JobCreatorEngine(
                settings, solver, jc, modules(), store, id -> explainer.explain(id), clock, () -> dice, lanes);
        jc.listener(engine.transactionListener());
        return engine;
    }

    /** The deal terms of the seed's defaults, as a resource provider offers them. */
    public static DealPricing pricing() {
        return new DealPricing(TOKEN, TOKEN.multiply(BigInteger.TWO), 2, TOKEN);
    }

    public static DealTimeouts timeouts() {
        return TimeoutOptions.fromEnvironment(Map.of());
    }

    public Deal match(Job job) {
        return match(job, pricing(), timeouts(), List.of(MEDIATOR), MachineSpec.of(0, 2000, 1024));
    }

    public Deal match(
            Job job, DealPricing pricing, DealTimeouts timeouts, List<String> mediators, MachineSpec machine) {
        return match(solver, job.offerId(), SOLVER, RP, mediators, pricing, timeouts, machine);
    }

    /**
     * The solver makes a deal of the posted job offer with a resource offer of {@code provider}
     * on these terms (and this machine).
     */
    public static Deal match(
            FakeSolver solver,
            String jobOfferId,
            String solverAddress,
            String provider,
            List<String> mediators,
            DealPricing pricing,
            DealTimeouts timeouts,
            MachineSpec machine) {
        JobOffer job = solver.storedJobOffers().stream()
                .filter(offer -> offer.id().equals(jobOfferId))
                .findFirst()
                .orElseThrow()
                .jobOffer();
        ResourceOffer resourceOffer = new ResourceOffer(
                "",
                1,
                provider,
                0,
                machine,
                List.of(),
                PricingMode.FIXED_PRICE,
                pricing,
                timeouts,
                Map.of(),
                Map.of(),
                new TrustedParties(solverAddress, mediators));
        resourceOffer = resourceOffer.withId(ContentIds.of(resourceOffer));
        Deal deal = new Deal(
                "",
                new DealMembers(solverAddress, job.jobCreator(), provider, mediators),
                pricing,
                timeouts,
                job,
                resourceOffer);
        return solver.addDeal(deal.withId(ContentIds.of(deal))).deal();
    }

    /** The provider posts its result: the deterministic tar of {@code resultDir}. Returns the data id. */
    public static String postResult(FakeSolver solver, String dealId, Path resultDir, long instructionCount) {
        try {
            Path tar = Files.createTempFile("result", ".tar");
            PackagedResult packed = ResultPackager.pack(resultDir, tar);
            solver.putResult(new Result("", dealId, packed.dataId(), "", instructionCount), Files.readAllBytes(tar));
            Files.delete(tar);
            return packed.dataId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The RP runs the job: a result directory with this stdout and exit code, posted at the solver and on chain. */
    public String postResult(Deal deal, String stdout, int exitCode) {
        String dataId = postResultAtSolver(deal, stdout, exitCode);
        addResultOnChain(deal, dataId);
        return dataId;
    }

    /**
     * The RP's result posted at the solver only (its {@code addResult} not yet mined); returns the
     * data id. The solver's event for it: {@link #resultPostedEvent}.
     */
    public String postResultAtSolver(Deal deal, String stdout, int exitCode) {
        try {
            Path dir = Files.createTempDirectory(dataDir, "rp-result");
            Files.writeString(dir.resolve("stdout"), stdout);
            Files.writeString(dir.resolve("stderr"), "");
            Files.writeString(dir.resolve("exitCode"), Integer.toString(exitCode));
            Files.createDirectories(dir.resolve("outputs"));
            return postResult(solver, deal.id(), dir, 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The RP's {@code addResult} of {@code dataId}, mined. */
    public void addResultOnChain(Deal deal, String dataId) {
        Bytes32 onChain = Bytes32.of(ContentIds.digest(dataId));
        rp.addResult(DealTerms.of(deal), onChain, onChain, BigInteger.valueOf(3));
    }

    /** The solver's event once the RP posted the deal's result. */
    public static SolverEvent resultPostedEvent(Deal deal) {
        return SolverEvent.of(
                SolverEvent.EventType.DEAL_RESULT_POSTED,
                new DealContainer(
                        deal.id(),
                        deal.members().jobCreator(),
                        deal.members().resourceProvider(),
                        "",
                        "",
                        null,
                        deal,
                        null,
                        ""));
    }

    /** Plays every other party as soon as the job creator reaches each phase. */
    public JobListener autopilot(String stdout, int exitCode) {
        return (job, event) -> {
            switch (event.phase()) {
                case OFFER_POSTED -> match(job);
                case AGREED -> rp.agree(DealTerms.of(job.deal()));
                case RUNNING -> postResult(job.deal(), stdout, exitCode);
                default -> {}
            }
        };
    }

    public static boolean reached(Job job, Phase... phases) {
        for (Phase phase : phases) if (!job.reached(phase)) return false;
        return true;
    }
}
