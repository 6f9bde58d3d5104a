package org.coophive.resourceprovider.deals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.PricingMode;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.FakeChain;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.testing.FakeExecutor;
import org.coophive.resourceprovider.config.OfferProperties;
import org.coophive.resourceprovider.jobs.JobRunner;
import org.coophive.resourceprovider.offers.ResourceOffers;
import org.coophive.resourceprovider.testing.Offers;

/**
 * A resource provider put together by hand on a data folder, over a {@link FakeSolver}, a
 * {@link FakeChain} and a {@link FakeExecutor} that outlive it: {@link #restart()} builds a new one
 * on the same folder, as a restarted process would be.
 */
final class ProviderHarness implements AutoCloseable {

    public static final String RP = DevAccounts.resourceProvider().address();
    public static final String JC = DevAccounts.jobCreator().address();
    public static final String SOLVER = DevAccounts.solver().address();
    public static final String MEDIATOR = DevAccounts.mediator().address();

    public final FakeSolver solver = new FakeSolver(SOLVER);
    public final FakeChain chain = new FakeChain();
    /** The provider's own client. */
    public final FakeChain.Account account = chain.as(RP);
    /** The job creator, played by the test. */
    public final FakeChain.Account jobCreator = chain.funded(JC);

    public final FakeExecutor executor = new FakeExecutor();
    private final Path dataDir;
    private final Map<String, String> env;
    private final boolean testMode;
    private final WorkLanes lanes;
    private JobRunner jobs;
    private DealReconciler reconciler;
    private ResourceOffers offers;
    private SimpleMeterRegistry meters;
    private final java.util.concurrent.atomic.AtomicInteger passesAsked =
            new java.util.concurrent.atomic.AtomicInteger();

    public ProviderHarness(Path dataDir, Map<String, String> env, boolean testMode) {
        this(dataDir, env, testMode, WorkLanes.direct());
    }

    /** A provider whose passes hand each deal's turn to {@code lanes} (the service's pooled lanes). */
    public ProviderHarness(Path dataDir, Map<String, String> env, boolean testMode, WorkLanes lanes) {
        this.dataDir = dataDir;
        this.env = env;
        this.testMode = testMode;
        this.lanes = lanes;
        chain.mint(RP, FakeChain.PLENTY);
        start();
    }

    public ProviderHarness(Path dataDir) {
        this(dataDir, Map.of(), false);
    }

    private void start() {
        OfferProperties offer = OfferProperties.fromEnvironment(env);
        ServiceParties parties = new ServiceParties(SOLVER, List.of(MEDIATOR));
        DealJournal journal = new DealJournal(dataDir);
        account.listener(journal);
        meters = new SimpleMeterRegistry();
        jobs = new JobRunner(
                executor, new ModuleLoader(dataDir.resolve("modules")), dataDir, offer.count(), testMode, meters);
        offers = new ResourceOffers(
                solver,
                RP,
                offer,
                parties,
                PricingOptions.fromEnvironment(env, PricingMode.FIXED_PRICE),
                TimeoutOptions.fromEnvironment(env),
                dataDir,
                Clock.systemUTC(),
                ExecutorSettings.bind(env, "application.properties").granted());
        reconciler = new DealReconciler(
                solver, account, offers, jobs, journal, parties, meters, passesAsked::incrementAndGet, lanes);
    }

    /** Abandons this provider (its threads are left alone, as a killed process's would be gone) and starts another. */
    public void restart() {
        jobs.close();
        start();
    }

    public void pass() {
        reconciler.pass();
    }

    /** How many times the reconciler asked for a pass (a job ended, a slot freed, an unknown deal). */
    public int passesAsked() {
        return passesAsked.get();
    }

    /** Passes until no job runs and nothing more happens, at most {@code n} passes. */
    public void settle() {
        for (int i = 0; i < 10; i++) {
            awaitJobs();
            pass();
        }
        awaitJobs();
    }

    public void awaitJobs() {
        Await.until(Duration.ofSeconds(20), "the jobs to finish", () -> jobs.runningCount() == 0);
    }

    /** Posts a cowsay job offer and matches it with this provider's first free offer. */
    public DealContainer match(String message) {
        return solver.match(job(message));
    }

    public JobOffer job(String message) {
        return Offers.cowsay(JC, SOLVER, List.of(MEDIATOR), message);
    }

    public JobRunner jobs() {
        return jobs;
    }

    public DealReconciler reconciler() {
        return reconciler;
    }

    public ResourceOffers offers() {
        return offers;
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        lanes.close();
        jobs.close();
    }
}
