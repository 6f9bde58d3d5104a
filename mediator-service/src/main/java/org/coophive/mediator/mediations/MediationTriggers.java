package org.coophive.mediator.mediations;

import java.time.Clock;
import org.coophive.common.chain.ChainEvent;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.CursorFile;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.EventStream;
import org.coophive.common.chain.MediationRequested;
import org.coophive.common.ids.ContentIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's {@code MediationRequested} events naming this mediator, resumed after a restart from
 * the cursor saved in the data directory: each request is journaled before the cursor moves past
 * it and handed to the reconciler at once. Common's
 * {@link org.coophive.common.reconcile.ReconcileTriggers} opens this stream with the solver's.
 */
class MediationTriggers {

    private static final Logger log = LoggerFactory.getLogger(MediationTriggers.class);

    private final MediationReconciler reconciler;
    private final MediationJournal journal;
    private final CursorFile cursor;
    private final String self;
    private final Clock clock;

    MediationTriggers(
            MediationReconciler reconciler, MediationJournal journal, CursorFile cursor, String self, Clock clock) {
        this.reconciler = reconciler;
        this.journal = journal;
        this.cursor = cursor;
        this.self = self;
        this.clock = clock;
    }

    /**
     * The stream of {@code MediationRequested} from the saved cursor, or from {@code fromBlock} on
     * a first start; unstarted.
     */
    EventStream openChain(ChainEvents events, long fromBlock) {
        EventCheckpoint after = cursor.read().orElse(EventCheckpoint.unchecked(EventCursor.startOf(fromBlock)));
        log.info(
                "following MediationRequested after block {} log {}",
                after.cursor().blockNumber(),
                after.cursor().logIndex());
        return events.mediationRequests(after, this::onMediationRequested);
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
        cursor.write(EventCheckpoint.of(event));
    }
}
