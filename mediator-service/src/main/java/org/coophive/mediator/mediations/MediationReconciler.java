package org.coophive.mediator.mediations;

import java.time.Duration;
import java.util.List;
import org.coophive.common.model.DealContainer;
import org.coophive.common.reconcile.RetryBackoff;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.contracts.AgreementState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mediator's control loop. A pass lists the deals to look at, the ones the solver says name
 * this mediator in ResultsChecked plus every open mediation of the journal (which includes those
 * learnt from chain events the solver may not have caught up with), and hands each to its lane
 * (common's {@link WorkLanes}) that runs {@link DealMediator#mediate}. Passes are run by common's
 * {@link org.coophive.common.reconcile.PassLoop}; a deal is worked on by one thread at a time, so
 * the same job is never re-run twice at once, and a deal re-run or waiting for a receipt holds up
 * no other.
 */
class MediationReconciler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediationReconciler.class);

    /** How long closing lets the steps in progress finish before interrupting them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final MediationStep mediator;
    private final SolverClient solver;
    private final MediationJournal journal;
    private final String self;
    private final WorkLanes lanes;

    /**
     * @param passInterval the time between periodic passes: a step asking to be tried again soon
     *     is, from 0.2 s doubling, until the next pass comes as soon
     */
    MediationReconciler(
            MediationStep mediator,
            SolverClient solver,
            MediationJournal journal,
            String self,
            int workerCount,
            Duration passInterval) {
        this.mediator = mediator;
        this.solver = solver;
        this.journal = journal;
        this.self = self;
        this.lanes = WorkLanes.pooled("mediator-worker", workerCount, STOP_GRACE, RetryBackoff.upTo(passInterval));
    }

    /** One pass: every deal that may need a step is handed to its lane. */
    void pass() {
        // The journal first: the solver call below may take long to fail while the solver is down.
        journal.openDealIds().forEach(this::submit);
        List<DealContainer> listed;
        try {
            listed = solver.deals(DealQuery.byMediator(self).inState(AgreementState.RESULTS_CHECKED));
        } catch (RuntimeException e) { // SolverException included: the journal still drove this pass
            log.warn("cannot list this mediator's deals from the solver: {}", e.getMessage());
            return;
        }
        listed.forEach(deal -> submit(deal.id()));
    }

    /**
     * Hands one deal to its lane: a step now, or, while a step of the deal runs, one more step once
     * it ends (what made this call, e.g. the solver recording this mediator, may have come too late
     * for the current step), never two at once. A step that cannot be taken yet (e.g. the solver
     * refuses this mediator the result files until it has recorded the chain's MediationRequested)
     * is tried again soon, without waiting for an event or the next pass.
     */
    void submit(String dealId) {
        lanes.offer(dealId, () -> {
            try {
                return mediator.mediate(dealId);
            } catch (RuntimeException e) {
                log.warn("deal {}: mediation step failed, trying again on a later pass: {}", dealId, e.toString());
                return WorkLanes.Outcome.DONE;
            }
        });
    }

    /** Number of deals being worked on now. */
    int inFlight() {
        return lanes.busyLanes();
    }

    /**
     * Gives the lanes a few seconds to finish their current step, then interrupts them (the loop
     * has stopped passing before). Interrupting is safe at any point: a judgement's hash is journaled
     * before it is sent, and an interrupted re-run is picked up by the executor after a restart.
     */
    @Override
    public void close() {
        lanes.close();
    }
}
