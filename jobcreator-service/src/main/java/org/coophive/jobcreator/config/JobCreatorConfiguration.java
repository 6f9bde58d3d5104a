package org.coophive.jobcreator.config;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.reconcile.ChainSolverWiring;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.ReconcileTriggers;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverEventFilter;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.jobcreator.deals.EngineSettings;
import org.coophive.jobcreator.deals.FileJobStore;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobStore;
import org.coophive.jobcreator.deals.MatchExplainer;
import org.coophive.jobcreator.deals.Modules;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.deals.SentTransactionRelay;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The daemon's wiring: one chain client for its key and the solver found through the Users contract
 * (or {@code SERVICE_SOLVER_URL}), from common's {@link ChainSolverWiring} (the relay hears each
 * transaction's hash for the engine's journal), the file job store and the engine, driven by common's
 * {@link PassLoop} and {@link ReconcileTriggers}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobCreatorProperties.class)
@Import(ChainSolverWiring.class)
class JobCreatorConfiguration {

    /** The variables common's records read, from the environment or (in tests) properties. */
    static Map<String, String> variables(Environment environment) {
        return SpringSettings.variables(environment);
    }

    @Bean
    Web3Properties web3Properties(Environment environment) {
        return Web3Properties.fromEnvironment(variables(environment));
    }

    @Bean
    EngineSettings engineSettings(Environment environment, JobCreatorProperties properties) {
        return JobCreatorEnvironment.engineSettings(properties, variables(environment));
    }

    @Bean
    SentTransactionRelay sentTransactionRelay() {
        return new SentTransactionRelay();
    }

    /** {@code SERVICE_SOLVER} and {@code SERVICE_MEDIATORS}, as the engine's settings hold them. */
    @Bean
    ServiceParties serviceParties(EngineSettings settings) {
        return settings.parties();
    }

    @Bean
    JobStore jobStore(EngineSettings settings) {
        return new FileJobStore(settings.dataDir().resolve("jobs"));
    }

    @Bean
    JobCreatorEngine jobCreatorEngine(
            EngineSettings settings,
            SolverClient solver,
            Web3ChainClient chain,
            JobStore store,
            SentTransactionRelay relay,
            WorkLanes jobLanes) {
        SecureRandom random = new SecureRandom();
        JobCreatorEngine engine = new JobCreatorEngine(
                settings,
                solver,
                chain,
                // Jobs come from other parties here: never from this machine's folders.
                Modules.remoteOnly(new ModuleLoader(settings.dataDir().resolve("modules"))),
                store,
                MatchExplainer.of(solver),
                Clock.systemUTC(),
                () -> random.nextInt(100),
                jobLanes);
        relay.relayTo(engine.transactionListener());
        return engine;
    }

    /**
     * Each job's turn of a pass on its own lane, so a job waiting for a receipt holds up no other
     * (up to {@link #JOB_LANE_THREADS} jobs at once); stopped after the engine's loop.
     */
    @Bean
    WorkLanes jobLanes() {
        return WorkLanes.pooled("jobcreator-job", JOB_LANE_THREADS);
    }

    /** How many jobs take their turns at once. */
    static final int JOB_LANE_THREADS = 16;

    /** The engine's passes, started with the application and stopped before the clients close. */
    @Bean
    PassLoop engineLoop(JobCreatorEngine engine, JobCreatorProperties properties) {
        return new PassLoop("jobcreator-engine", properties.passInterval(), engine::pass);
    }

    /**
     * The solver's events about this job creator's deals (and every reconnect) and the chain's
     * state changes of its deals give the deal's job a turn, or hurry a pass when they name no job
     * here; a job submitted (through the API or by a contract) takes its first turn at once. Other
     * parties' offers and deals do not (each pass reads every active job's deal on chain), nor do
     * the solver's events about this job creator's own offers posted or matched (the deal comes as
     * its own event).
     */
    @Bean
    ReconcileTriggers engineTriggers(
            PassLoop loop, JobCreatorEngine engine, SolverEndpoint endpoint, ChainEvents events) {
        turnOnEverySubmission(engine);
        // An event naming a job's deal is that job's turn at once; a pass only when none is named.
        return ReconcileTriggers.of(loop::trigger)
                .solverEvents(endpoint.url(), SolverEventFilter.addresses(engine.address()), engine::turnOn)
                .dealStateChanges(
                        events,
                        event -> engine.hasDeal(
                                ContentIds.fromDigest(event.event().dealId().bytes())),
                        event -> {
                            if (engine.turnOn(
                                    ContentIds.fromDigest(event.event().dealId().bytes()))) loop.trigger();
                        })
                .build();
    }

    /**
     * Gives each job submitted its first turn at once, which posts its offer: it would otherwise
     * wait for the next period ({@code JOBCREATOR_PASS_INTERVAL}), and a pass per submission would
     * list every open deal and give every job a turn. Returns the subscription.
     */
    static AutoCloseable turnOnEverySubmission(JobCreatorEngine engine) {
        return engine.subscribe((job, event) -> {
            if (event.phase() == Phase.SUBMITTED) engine.turnOnSubmitted(job);
        });
    }

    @Bean
    EngineLifecycle engineLifecycle(
            JobCreatorEngine engine,
            JobCreatorProperties properties,
            SolverEndpoint endpoint,
            Web3ChainClient chain,
            ChainEvents events,
            PassLoop loop) {
        return new EngineLifecycle(engine, properties, endpoint, chain, events, loop);
    }
}
