package org.coophive.jobcreator.config;

import java.nio.file.Path;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.OnChainJobManager;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.onchain.OnChainJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops, with the application and after the engine's {@link PassLoop}, the on-chain
 * job creator's {@code JobAdded} stream (when enabled), and says the daemon is running. The loop
 * and what triggers it are common's reconciler kit ({@link JobCreatorConfiguration}).
 */
final class EngineLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EngineLifecycle.class);

    private final JobCreatorEngine engine;
    private final JobCreatorProperties properties;
    private final SolverEndpoint endpoint;
    private final OnChainJobManager chain;
    private final ChainEvents events;
    private final PassLoop loop;
    private OnChainJobs onChainJobs;
    private volatile boolean running;

    EngineLifecycle(
            JobCreatorEngine engine,
            JobCreatorProperties properties,
            SolverEndpoint endpoint,
            OnChainJobManager chain,
            ChainEvents events,
            PassLoop loop) {
        this.engine = engine;
        this.properties = properties;
        this.endpoint = endpoint;
        this.chain = chain;
        this.events = events;
        this.loop = loop;
    }

    @Override
    public synchronized void start() {
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
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** With the triggers: after the loop has started, stopped before it. */
    @Override
    public int getPhase() {
        return PassLoop.PHASE + 1;
    }
}
