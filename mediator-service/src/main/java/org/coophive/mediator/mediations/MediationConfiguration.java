package org.coophive.mediator.mediations;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.solver.SolverClient;
import org.coophive.executor.Executor;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.mediator.config.MediatorProperties;
import org.coophive.mediator.config.SolverUrl;
import org.springframework.context.SmartLifecycle;
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

    @Bean
    MediationService mediationService(
            DealMediator mediator,
            SolverClient solver,
            MediationJournal journal,
            ChainClient chain,
            ChainEvents events,
            SolverUrl solverUrl,
            MediatorProperties properties) {
        return new MediationService(mediator, solver, journal, chain.address(), events, solverUrl, properties);
    }

    /** Starts the loop and its triggers with the application, stops them before the clients close. */
    static final class MediationService implements SmartLifecycle {

        private final MediationReconciler reconciler;
        private final MediationTriggers triggers;
        private final ChainEvents events;
        private final SolverUrl solverUrl;
        private final MediatorProperties properties;
        private volatile boolean running;

        MediationService(
                DealMediator mediator,
                SolverClient solver,
                MediationJournal journal,
                String self,
                ChainEvents events,
                SolverUrl solverUrl,
                MediatorProperties properties) {
            this.reconciler = new MediationReconciler(mediator, solver, journal, self, properties.maxConcurrentJobs());
            this.triggers = new MediationTriggers(
                    reconciler,
                    journal,
                    new CursorFile(properties.dataPath().resolve("mediation-requests.cursor")),
                    self,
                    Clock.systemUTC());
            this.events = events;
            this.solverUrl = solverUrl;
            this.properties = properties;
        }

        @Override
        public void start() {
            reconciler.start(properties.passInterval());
            triggers.startChain(events, properties.eventsFromBlock());
            triggers.startSolver(solverUrl.url());
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            triggers.close();
            reconciler.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
