package org.coophive.mediator.mediations;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.model.DealContainer;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.ReconcileTriggers;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverEventFilter;
import org.coophive.executor.Executor;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.mediator.config.MediatorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mediation feature: journal, verifier, per-deal steps, the loop and its triggers. */
@Configuration(proxyBeanMethods = false)
class MediationConfiguration {

    /** Also the chain client's transaction listener: it journals each judgement's hash before sending. */
    @Bean
    MediationJournal mediationJournal(MediatorProperties properties) {
        return new MediationJournal(properties.dataPath().resolve("mediations"));
    }

    @Bean
    MediationMetrics mediationMetrics(MeterRegistry registry, MediationJournal journal) {
        return new MediationMetrics(registry, () -> journal.openDealIds().size());
    }

    @Bean
    ResultVerifier resultVerifier(
            SolverClient solver,
            ModuleLoader modules,
            Executor executor,
            MediatorProperties properties,
            MediationMetrics metrics) {
        return new ResultVerifier(
                solver, modules, executor, properties.dataPath().resolve("work"), metrics);
    }

    @Bean
    DealMediator dealMediator(
            ChainClient chain,
            SolverClient solver,
            ResultVerifier verifier,
            MediationJournal journal,
            MediationMetrics metrics) {
        return new DealMediator(chain, solver, verifier, journal, metrics, Clock.systemUTC());
    }

    /** Workers that take each deal's steps; closed after the loop has stopped. */
    @Bean
    MediationReconciler mediationReconciler(
            DealMediator mediator,
            SolverClient solver,
            MediationJournal journal,
            ChainClient chain,
            MediatorProperties properties) {
        return new MediationReconciler(
                mediator, solver, journal, chain.address(), properties.maxConcurrentJobs(), properties.passInterval());
    }

    /** The passes, started with the application and stopped before the clients close. */
    @Bean
    PassLoop mediationLoop(MediationReconciler reconciler, MediatorProperties properties) {
        return new PassLoop("mediator-pass", properties.passInterval(), reconciler::pass);
    }

    /**
     * The chain's {@code MediationRequested} naming this mediator (resumed from the cursor in the
     * data directory) and the solver's events about its deals.
     */
    @Bean
    ReconcileTriggers mediationTriggers(
            PassLoop loop,
            MediationReconciler reconciler,
            MediationJournal journal,
            ChainClient chain,
            ChainEvents events,
            SolverEndpoint solverUrl,
            MediatorProperties properties) {
        MediationTriggers requests = new MediationTriggers(
                reconciler,
                journal,
                new CursorFile(properties.dataPath().resolve("mediation-requests.cursor")),
                chain.address(),
                Clock.systemUTC());
        return ReconcileTriggers.of(loop::trigger)
                .chainStream(() -> requests.openChain(events, properties.eventsFromBlock()))
                .solverEvents(
                        solverUrl.url(),
                        SolverEventFilter.addresses(chain.address()),
                        ReconcileTriggers.dealsNaming(DealContainer::mediator, chain.address()))
                .build();
    }
}
