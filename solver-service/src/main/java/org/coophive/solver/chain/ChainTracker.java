package org.coophive.solver.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.ids.ContentIds;
import org.coophive.solver.store.ChainCursorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the deals on chain: {@code DealStateChange} and {@code MediationRequested} events go to
 * {@link ChainDealUpdates}. Each stream's position is saved after every handled event (and every
 * few seconds while the chain moves without events), so a restarted solver, even after kill -9,
 * resumes where it stopped: an event is handled at least once, and the updates are idempotent.
 *
 * <p>A solver that never ran starts at the current block: earlier events cannot concern its deals.
 */
@Component
class ChainTracker implements SmartLifecycle {

    static final String DEAL_STATES = "deal-states";
    static final String MEDIATIONS = "mediation-requests";

    private static final Logger log = LoggerFactory.getLogger(ChainTracker.class);

    private final ChainEvents events;
    private final ChainHead chain;
    private final ChainCursorStore cursors;
    private final ChainDealUpdates deals;
    private final Map<String, EventCursor> saved = new ConcurrentHashMap<>();
    private final List<EventStream> streams = new ArrayList<>();
    private ScheduledExecutorService saver;
    private volatile boolean running;

    ChainTracker(ChainEvents events, ChainHead chain, ChainCursorStore cursors, ChainDealUpdates deals) {
        this.events = events;
        this.chain = chain;
        this.cursors = cursors;
        this.deals = deals;
    }

    @Override
    public synchronized void start() {
        EventCursor now = EventCursor.endOf(chain.blockNumber());
        EventStream states = events.dealStateChanges(resumeAt(DEAL_STATES, now), this::onStateChange);
        EventStream mediations = events.mediationRequests(resumeAt(MEDIATIONS, now), this::onMediationRequest);
        streams.add(states);
        streams.add(mediations);
        saver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chain-cursor-saver");
            thread.setDaemon(true);
            return thread;
        });
        saver.scheduleWithFixedDelay(
                () -> {
                    savePosition(DEAL_STATES, states);
                    savePosition(MEDIATIONS, mediations);
                },
                5,
                5,
                TimeUnit.SECONDS);
        states.start();
        mediations.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (saver != null) saver.shutdownNow();
        for (EventStream stream : streams) {
            stream.close();
        }
        if (streams.size() == 2) {
            savePosition(DEAL_STATES, streams.get(0));
            savePosition(MEDIATIONS, streams.get(1));
        }
        streams.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the database and the deals feature are up, before the web server takes requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private EventCursor resumeAt(String stream, EventCursor now) {
        EventCursor cursor = cursors.load(stream).orElseGet(() -> {
            cursors.save(stream, now);
            return now;
        });
        saved.put(stream, cursor);
        log.info("following {} on chain after block {} (log {})", stream, cursor.blockNumber(), cursor.logIndex());
        return cursor;
    }

    private void onStateChange(ChainEvent<DealStateChanged> event) {
        String dealId = ContentIds.fromDigest(event.event().dealId().bytes());
        if (deals.stateChanged(dealId, event.event().state())) {
            log.info("deal {} is {} on chain (tx {})", dealId, event.event().state(), event.txHash());
        } else {
            log.debug("ignored state change of unknown deal {}", dealId);
        }
        save(DEAL_STATES, event.cursor());
    }

    private void onMediationRequest(ChainEvent<MediationRequested> event) {
        String dealId = ContentIds.fromDigest(event.event().dealId().bytes());
        if (deals.mediatorChosen(dealId, event.event().mediator())) {
            log.info(
                    "deal {} goes to mediator {} (tx {})", dealId, event.event().mediator(), event.txHash());
        } else {
            log.debug("ignored mediation request of unknown deal {}", dealId);
        }
        save(MEDIATIONS, event.cursor());
    }

    private void savePosition(String stream, EventStream events) {
        try {
            save(stream, events.position());
        } catch (RuntimeException e) {
            // The next save (after the next event or tick) writes a later position anyway.
            log.warn("could not save the position of {}: {}", stream, e.toString());
        }
    }

    private synchronized void save(String stream, EventCursor cursor) {
        EventCursor last = saved.get(stream);
        if (last == null || cursor.isAfter(last)) {
            cursors.save(stream, cursor);
            saved.put(stream, cursor);
        }
    }
}
