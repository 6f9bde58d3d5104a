package org.coophive.mediator.mediations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClientSettings;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.FakeChain;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.ResultPackager;
import org.coophive.executor.testing.FakeExecutor;
import org.coophive.mediator.testing.TestDeals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race of MediationIT: the mediator hears the chain's MediationRequested before the solver
 * has recorded it as the deal's mediator, so the solver refuses it the result files (403). The
 * periodic pass is an hour apart and the solver sends no event (the fake has no WebSocket, as a
 * solver's stream may be down or its event heard while the first step still fails): the step is
 * taken again soon all the same.
 */
class MediationRetryTest {

    private static final String MEDIATOR = DevAccounts.mediator().address();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final FakeChain chain = new FakeChain();
    private final FakeExecutor executor = new FakeExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeSolver solver;
    private MediationReconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        solver = FakeSolver.start();
        executor.stdout("moo\n");
    }

    @AfterEach
    void stop() {
        if (reconciler != null) reconciler.close();
        solver.close();
    }

    @Test
    void shouldJudgeSoonWhenTheSolverRecordsThisMediatorAfterRefusingItTheFiles() throws Exception {
        Deal deal = TestDeals.deal(
                solver.address(),
                DevAccounts.jobCreator().address(),
                DevAccounts.resourceProvider().address(),
                List.of(MEDIATOR),
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                Map.of("Message", "moo"),
                1);
        DealTerms terms = DealTerms.of(deal);
        Path resultDir = dataDir.resolve("rp-result");
        FakeExecutor.writeResult(resultDir, "moo\n", 0);
        Path tar =
                ResultPackager.pack(resultDir, dataDir.resolve("rp-result.tar")).tar();
        solver.putDeal(TestDeals.container(deal, AgreementState.RESULTS_SUBMITTED, "")); // no mediator yet
        solver.putFiles(deal.id(), tar);
        chain.drive(terms, AgreementState.RESULTS_CHECKED, Bytes32.of(ContentIds.digest(ContentIds.ofFile(tar))));
        MediationJournal journal = new MediationJournal(dataDir.resolve("mediations"));
        reconciler = reconciler(journal);

        // What the chain's MediationRequested does (MediationTriggers), before the solver heard it.
        journal.findOrCreate(deal.id(), System.currentTimeMillis());
        reconciler.submit(deal.id());
        Await.until(
                PATIENCE,
                "the download refused to this mediator",
                () -> registry.counter("coophive.mediator.deferrals").count() >= 1);
        assertThat(solver.downloads()).isEmpty();

        solver.mediatorPicked(deal.id(), MEDIATOR);

        Await.until(PATIENCE, "the judgement, with no pass and no event", () -> chain.state(terms)
                .equals(Optional.of(AgreementState.MEDIATION_ACCEPTED)));
        assertThat(solver.downloads()).containsExactly(deal.id() + " " + MEDIATOR);
        Await.until(PATIENCE, "the judgement reported to the solver", () -> !solver.mediatorReports()
                .isEmpty());
    }

    private MediationReconciler reconciler(MediationJournal journal) {
        FakeChain.Account account = chain.as(MEDIATOR);
        account.listener(journal);
        HttpSolverClient client = new HttpSolverClient(
                solver.url(),
                new RequestSigner(DevAccounts.mediator().credentials()),
                SolverClientSettings.DEFAULTS
                        .withMaxAttempts(2)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(4)));
        MediationMetrics metrics =
                new MediationMetrics(registry, () -> journal.openDealIds().size());
        ResultVerifier verifier = new ResultVerifier(
                client, new ModuleLoader(dataDir.resolve("modules")), executor, dataDir.resolve("work"), metrics);
        DealMediator mediator = new DealMediator(account, client, verifier, journal, metrics, Clock.systemUTC());
        return new MediationReconciler(mediator, client, journal, MEDIATOR, 1, Duration.ofHours(1));
    }
}
