package org.coophive.mediator.mediations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.model.Deal;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.WorkLanes.Outcome;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.mediator.config.MediatorProperties;
import org.coophive.mediator.testing.TestDeals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediationReconcilerTest {

    private static final String MEDIATOR = DevAccounts.mediator().address();
    private static final String OTHER_MEDIATOR = DevAccounts.directory().address();
    /** The periodic pass never comes in these tests: only submits, events and retries make steps. */
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dataDir;

    private final FakeSolver solver = new FakeSolver();
    private final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private MediationReconciler reconciler;

    @AfterEach
    void stop() {
        if (reconciler != null) reconciler.close();
    }

    private MediationReconciler reconciler(MediationJournal journal, int workers) {
        MediationStep step = dealId -> {
            steps.computeIfAbsent(dealId, id -> new AtomicInteger()).incrementAndGet();
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return Outcome.DONE;
        };
        reconciler = new MediationReconciler(step, solver, journal, MEDIATOR, workers, HOUR);
        return reconciler;
    }

    @Test
    void shouldNeverWorkOnTheSameDealTwiceAtOnce() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir);
        Deal deal = deal("one");
        journal.findOrCreate(deal.id(), 1);
        MediationReconciler reconciler = reconciler(journal, 4);
        release = new CountDownLatch(1);

        reconciler.submit(deal.id());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        reconciler.submit(deal.id());
        reconciler.pass();
        reconciler.submit(deal.id());
        assertThat(steps.get(deal.id())).hasValue(1);

        release.countDown();
        awaitIdle(reconciler);
        // The calls made during the first step are merged into one more step after it.
        assertThat(steps.get(deal.id())).hasValue(2);
        reconciler.submit(deal.id()); // once the steps are over, the deal may be looked at again
        awaitIdle(reconciler);
        assertThat(steps.get(deal.id())).hasValue(3);
        assertThat(maxConcurrent).hasValue(1);
    }

    @Test
    void shouldLookAgainAfterTheCurrentStepWhenTriggeredDuringIt() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir);
        Deal deal = deal("late");
        MediationReconciler reconciler = reconciler(journal, 1);
        release = new CountDownLatch(1);

        reconciler.submit(deal.id());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // e.g. the solver's event that it recorded this mediator, while the step is still failing
        reconciler.submit(deal.id());
        release.countDown();
        awaitIdle(reconciler);

        assertThat(steps.get(deal.id())).hasValue(2);
        assertThat(maxConcurrent).hasValue(1);
    }

    @Test
    void shouldLookAtTheDealsTheSolverListsForThisMediatorInResultsChecked() throws Exception {
        Deal ours = deal("ours");
        Deal theirs = deal("theirs");
        Deal judged = deal("judged");
        solver.putDeal(TestDeals.container(ours, AgreementState.RESULTS_CHECKED, MEDIATOR));
        solver.putDeal(TestDeals.container(theirs, AgreementState.RESULTS_CHECKED, OTHER_MEDIATOR));
        solver.putDeal(TestDeals.container(judged, AgreementState.MEDIATION_ACCEPTED, MEDIATOR));
        MediationReconciler reconciler = reconciler(new MediationJournal(dataDir), 2);

        reconciler.pass();
        awaitIdle(reconciler);

        assertThat(steps).containsOnlyKeys(ours.id());
    }

    @Test
    void shouldLookAtOpenJournaledDealsWhenTheSolverIsDown() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir);
        Deal open = deal("open");
        Deal closed = deal("closed");
        journal.findOrCreate(open.id(), 1);
        journal.save(Mediation.requested(closed.id(), 1).finished("MEDIATION_ACCEPTED"));
        solver.down(true);
        MediationReconciler reconciler = reconciler(journal, 2);

        reconciler.pass();
        awaitIdle(reconciler);

        assertThat(steps).containsOnlyKeys(open.id());
    }

    @Test
    void shouldPassEarlyWhenTriggered() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir);
        Deal deal = deal("triggered");
        MediationReconciler reconciler = reconciler(journal, 1);
        try (PassLoop loop = new PassLoop("mediator-pass", Duration.ofHours(1), reconciler::pass)) {
            loop.start(); // the first pass runs at once, finding nothing
            Await.until(Duration.ofSeconds(10), "the first pass", () -> loop.passes() == 1);
            journal.findOrCreate(deal.id(), 1);

            loop.trigger();

            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(steps).containsOnlyKeys(deal.id());
        }
    }

    @Test
    void shouldFinishAnotherMediationWhileOneReRunIsSlowWithTheDefaultConcurrency() throws Exception {
        MediationJournal journal = new MediationJournal(dataDir);
        Deal slow = deal("a long re-run");
        Deal quick = deal("a quick one");
        CountDownLatch slowRunning = new CountDownLatch(1);
        CountDownLatch slowReleased = new CountDownLatch(1);
        CountDownLatch quickDone = new CountDownLatch(1);
        MediationStep step = dealId -> {
            if (dealId.equals(slow.id())) {
                slowRunning.countDown();
                try {
                    slowReleased.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                quickDone.countDown();
            }
            return Outcome.DONE;
        };
        reconciler =
                new MediationReconciler(step, solver, journal, MEDIATOR, MediatorProperties.machineConcurrency(), HOUR);
        try {
            reconciler.submit(slow.id());
            assertThat(slowRunning.await(10, TimeUnit.SECONDS)).isTrue();

            reconciler.submit(quick.id());

            assertThat(quickDone.await(10, TimeUnit.SECONDS))
                    .as("the second mediation done while the first re-run still runs")
                    .isTrue();
            Await.until(
                    Duration.ofSeconds(10), "only the slow re-run still in flight", () -> reconciler.inFlight() == 1);
        } finally {
            slowReleased.countDown();
        }
    }

    private static void awaitIdle(MediationReconciler reconciler) {
        Await.until(Duration.ofSeconds(10), "the workers to be idle", () -> reconciler.inFlight() == 0);
    }

    private static Deal deal(String message) {
        return TestDeals.deal(
                DevAccounts.solver().address(),
                DevAccounts.jobCreator().address(),
                DevAccounts.resourceProvider().address(),
                List.of(MEDIATOR),
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                Map.of("Message", message),
                1);
    }
}
