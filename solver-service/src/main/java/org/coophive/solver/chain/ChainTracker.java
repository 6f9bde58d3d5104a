package org.coophive.solver.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEventListener;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.chain.DealStateChanged;
import org.coophive.common.chain.EventCheckpoint;
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
 * {@link ChainDealUpdates}. Each stream's position is saved with its block's hash after every
 * handled event (and every few seconds while the chain moves without events), so a restarted
 * solver, even after kill -9, resumes where it stopped: an event is handled at least once, and the
 * updates are idempotent.
 *
 * <p>When a stream rewinds (blocks it read were rolled back, while running or, seen through the
 * saved hash, while stopped), the deals learnt from the lost blocks are read again from the chain
 * ({@link ChainDealUpdates#rolledBack}) before the stream goes back; a failure there leaves the
 * stream where it was, to try again. The position is saved only after that, so a crash in between
 * makes the next start rewind again.
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
    private final Map<String, EventCheckpoint> saved = new ConcurrentHashMap<>();
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
        EventCheckpoint now = EventCheckpoint.unchecked(EventCursor.endOf(chain.blockNumber()));
        EventStream states =
                events.dealStateChanges(resumeAt(DEAL_STATES, now), new Listener<>(DEAL_STATES, this::onStateChange));
        EventStream mediations = events.mediationRequests(
                resumeAt(MEDIATIONS, now), new Listener<>(MEDIATIONS, this::onMediationRequest));
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

    private EventCheckpoint resumeAt(String stream, EventCheckpoint now) {
        EventCheckpoint checkpoint = cursors.load(stream).orElseGet(() -> {
            cursors.save(stream, now);
            return now;
        });
        saved.put(stream, checkpoint);
        EventCursor cursor = checkpoint.cursor();
        log.info("following {} on chain after block {} (log {})", stream, cursor.blockNumber(), cursor.logIndex());
        return checkpoint;
    }

    /** A stream's events, and its rewinds, which correct the deals learnt from the lost blocks. */
    private final class Listener<T> implements ChainEventListener<T> {
        private final String stream;
        private final ChainEventListener<T> onEvent;

        Listener(String stream, ChainEventListener<T> onEvent) {
            this.stream = stream;
            this.onEvent = onEvent;
        }

        @Override
        public void onEvent(ChainEvent<T> event) throws Exception {
            onEvent.onEvent(event);
        }

        @Override
        public void onRewind(EventCursor forkPoint) {
            int corrected = deals.rolledBack(forkPoint.blockNumber());
            log.warn(
                    "{}: the chain's blocks after {} were rolled back; {} deal(s) corrected from the chain",
                    stream,
                    forkPoint.blockNumber(),
                    corrected);
            rewound(stream, forkPoint);
        }
    }

    private void onStateChange(ChainEvent<DealStateChanged> event) {
        String dealId = ContentIds.fromDigest(event.event().dealId().bytes());
        if (deals.stateChanged(dealId, event.event().state(), event.cursor())) {
            log.info("deal {} is {} on chain (tx {})", dealId, event.event().state(), event.txHash());
        } else {
            log.debug("ignored state change of unknown deal {}", dealId);
        }
        save(DEAL_STATES, EventCheckpoint.of(event));
    }

    private void onMediationRequest(ChainEvent<MediationRequested> event) {
        String dealId = ContentIds.fromDigest(event.event().dealId().bytes());
        if (deals.mediatorChosen(dealId, event.event().mediator(), event.cursor())) {
            log.info(
                    "deal {} goes to mediator {} (tx {})", dealId, event.event().mediator(), event.txHash());
        } else {
            log.debug("ignored mediation request of unknown deal {}", dealId);
        }
        save(MEDIATIONS, EventCheckpoint.of(event));
    }

    private void savePosition(String stream, EventStream events) {
        try {
            save(stream, events.checkpoint());
        } catch (RuntimeException e) {
            // The next save (after the next event or tick) writes a later position anyway.
            log.warn("could not save the position of {}: {}", stream, e.toString());
        }
    }

    /** Saves a later position, or the same one with its block's hash once known; never an earlier one. */
    private synchronized void save(String stream, EventCheckpoint checkpoint) {
        EventCheckpoint last = saved.get(stream);
        boolean later = last == null || checkpoint.cursor().isAfter(last.cursor());
        boolean hashLearnt = last != null
                && checkpoint.cursor().equals(last.cursor())
                && !checkpoint.blockHash().equals(last.blockHash());
        if (later || hashLearnt) {
            cursors.save(stream, checkpoint);
            saved.put(stream, checkpoint);
        }
    }

    /**
     * The stream goes back to {@code forkPoint}: from now on positions after it are saved (the
     * stream's checkpoint, with the hash, within the next few seconds). What the store holds until
     * then is a gone block or an earlier position: either way a restart reads the lost range again.
     */
    private synchronized void rewound(String stream, EventCursor forkPoint) {
        EventCheckpoint last = saved.get(stream);
        if (last != null && last.cursor().isAfter(forkPoint)) saved.put(stream, EventCheckpoint.unchecked(forkPoint));
    }
}
