package org.coophive.mediator.mediations;

import java.net.URI;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.common.solver.SolverEventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes the reconciler look early: the chain's {@code MediationRequested} events naming this
 * mediator (resumed after a restart from the cursor saved in the data directory) and the solver's
 * WebSocket events about its deals. Either only hurries things up; the periodic pass finds
 * everything anyway.
 */
class MediationTriggers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediationTriggers.class);

    private final MediationReconciler reconciler;
    private final MediationJournal journal;
    private final CursorFile cursor;
    private final String self;
    private final java.time.Clock clock;
    private EventStream chainStream;
    private SolverEventStream solverStream;

    MediationTriggers(
            MediationReconciler reconciler,
            MediationJournal journal,
            CursorFile cursor,
            String self,
            java.time.Clock clock) {
        this.reconciler = reconciler;
        this.journal = journal;
        this.cursor = cursor;
        this.self = self;
        this.clock = clock;
    }

    /** Follows {@code MediationRequested} from the saved cursor, or from {@code fromBlock} on a first start. */
    synchronized void startChain(ChainEvents events, long fromBlock) {
        EventCursor after = cursor.read().orElse(EventCursor.startOf(fromBlock));
        log.info("following MediationRequested after block {} log {}", after.blockNumber(), after.logIndex());
        chainStream = events.mediationRequests(after, this::onMediationRequested);
        chainStream.start();
    }

    /** Follows the solver's event stream. */
    synchronized void startSolver(URI solverUrl) {
        solverStream = SolverEventStream.open(solverUrl, new SolverEventListener() {
            @Override
            public void onEvent(SolverEvent event) {
                onSolverEvent(event);
            }

            @Override
            public void onConnected() {
                reconciler.trigger();
            }
        });
    }

    void onMediationRequested(ChainEvent<MediationRequested> event) {
        MediationRequested request = event.event();
        if (request.mediator().equals(self)) {
            String dealId = ContentIds.fromDigest(request.dealId().bytes());
            log.info("deal {}: mediation requested from this mediator (tx {})", dealId, event.txHash());
            // Written down before the cursor moves past it: the request survives a restart even if
            // the solver never lists the deal under this mediator.
            journal.findOrCreate(dealId, clock.millis());
            reconciler.submit(dealId);
        }
        cursor.write(event.cursor());
    }

    void onSolverEvent(SolverEvent event) {
        DealContainer deal = event.deal();
        if (deal != null && self.equalsIgnoreCase(deal.mediator())) {
            reconciler.submit(deal.id());
        }
    }

    @Override
    public synchronized void close() {
        if (chainStream != null) chainStream.close();
        if (solverStream != null) solverStream.close();
    }
}
