package org.coophive.jobcreator.config;

import java.nio.file.Path;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.solver.SolverEventStream;
import org.coophive.jobcreator.deals.EngineLoop;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.onchain.OnChainJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the daemon's moving parts with the application: the engine's passes, the
 * solver's event stream and the chain's deal state changes (both only trigger passes), and the
 * on-chain job creator's {@code JobAdded} stream.
 */
final class EngineLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EngineLifecycle.class);

    private final JobCreatorEngine engine;
    private final JobCreatorProperties properties;
    private final JobCreatorConfiguration.SolverEndpoint endpoint;
    private final OnChainJobManager chain;
    private final ChainEvents events;
    private EngineLoop loop;
    private SolverEventStream solverEvents;
    private EventStream dealChanges;
    private OnChainJobs onChainJobs;
    private volatile boolean running;

    EngineLifecycle(
            JobCreatorEngine engine,
            JobCreatorProperties properties,
            JobCreatorConfiguration.SolverEndpoint endpoint,
            OnChainJobManager chain,
            ChainEvents events) {
        this.engine = engine;
        this.properties = properties;
        this.endpoint = endpoint;
        this.chain = chain;
        this.events = events;
    }

    @Override
    public synchronized void start() {
        loop = new EngineLoop(engine, properties.passInterval(), report -> {});
        loop.start();
        solverEvents = SolverEventStream.open(endpoint.url(), new org.coophive.common.solver.SolverEventListener() {
            @Override
            public void onEvent(org.coophive.common.model.SolverEvent event) {
                loop.trigger();
            }

            @Override
            public void onConnected() {
                loop.trigger();
            }
        });
        dealChanges = events.dealStateChanges(events.latest(), event -> loop.trigger());
        dealChanges.start();
        if (properties.onChainEnabled()) {
            Path cursor = properties.dataDir().resolve("onchain-cursor.json");
            onChainJobs = new OnChainJobs(chain, events, engine, cursor, properties.onChainDepositWei(), loop::trigger);
            onChainJobs.start();
        }
        running = true;
        log.info(
                "job creator {} running: solver {}, mediation chance {}%, API {}",
                engine.address(), endpoint.url(), properties.mediationChance(), properties.apiEnabled() ? "on" : "off");
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (onChainJobs != null) onChainJobs.close();
        if (dealChanges != null) dealChanges.close();
        if (solverEvents != null) solverEvents.close();
        if (loop != null) loop.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
