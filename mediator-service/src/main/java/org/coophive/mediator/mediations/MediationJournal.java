package org.coophive.mediator.mediations;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.coophive.common.reconcile.StepJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mediator's memory across restarts: one JSON file per deal under {@code <DATA_DIR>/mediations},
 * common's {@link StepJournal}. The hash of a judgement is written here before the node receives
 * the transaction, so a mediator that dies between sending and mining looks the hash up on restart
 * instead of judging again.
 */
class MediationJournal extends StepJournal<JudgementTx, Mediation> {

    static final String ACCEPT_FUNCTION = JudgementTx.ACCEPT.function();
    static final String REJECT_FUNCTION = JudgementTx.REJECT.function();

    private static final Logger log = LoggerFactory.getLogger(MediationJournal.class);

    /** Opens (and creates if needed) the journal in {@code dir}, reading what is there. */
    MediationJournal(Path dir) {
        super(dir, JudgementTx.class, Mediation.class);
        log.info(
                "mediation journal {}: {} deals, {} open",
                dir,
                all().size(),
                openDealIds().size());
    }

    /** The record of a deal, created (and written) if it has none. */
    Mediation findOrCreate(String dealId, long now) {
        return openIfAbsent(Mediation.requested(dealId, now));
    }

    /** Deals with something left to do, oldest first. */
    List<String> openDealIds() {
        return all().stream()
                .filter(record -> !record.closed())
                .sorted(Comparator.comparingLong(Mediation::requestedAt))
                .map(Mediation::dealId)
                .toList();
    }
}
