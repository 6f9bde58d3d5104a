package org.coophive.mediator.mediations;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.model.DealContainer;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.contracts.AgreementState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mediator's control loop. A pass lists the deals to look at, the ones the solver says name
 * this mediator in ResultsChecked plus every open mediation of the journal (which includes those
 * learnt from chain events the solver may not have caught up with), and hands each to a worker
 * that runs {@link DealMediator#mediate}. Passes are run by common's
 * {@link org.coophive.common.reconcile.PassLoop}; a deal is handed to at most one worker at a time,
 * so the same job is never re-run twice at once.
 */
class MediationReconciler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediationReconciler.class);

    private final MediationStep mediator;
    private final SolverClient solver;
    private final MediationJournal journal;
    private final String self;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;

    MediationReconciler(
            MediationStep mediator, SolverClient solver, MediationJournal journal, String self, int workerCount) {
        this.mediator = mediator;
        this.solver = solver;
        this.journal = journal;
        this.self = self;
        this.workers = Executors.newFixedThreadPool(workerCount, named("mediator-worker"));
    }

    /** One pass: every deal that may need a step is handed to a worker (unless one has it). */
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
     * Hands one deal to a worker, unless a worker already has it: then the deal gets one more step
     * once the current one ends (what made this call, e.g. the solver recording this mediator, may
     * have come too late for the current step), never two at once.
     */
    void submit(String dealId) {
        if (!inFlight.add(dealId)) {
            again.add(dealId);
            return;
        }
        execute(dealId);
    }

    private void execute(String dealId) {
        try {
            workers.execute(() -> {
                try {
                    mediator.mediate(dealId);
                } catch (RuntimeException e) {
                    log.warn("deal {}: mediation step failed, trying again on a later pass: {}", dealId, e.toString());
                } finally {
                    if (again.remove(dealId)) {
                        execute(dealId); // still ours: one more step for what arrived meanwhile
                    } else {
                        inFlight.remove(dealId);
                        if (again.remove(dealId)) submit(dealId); // arrived between the two lines above
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(dealId); // shutting down
            again.remove(dealId);
        }
    }

    /** Number of deals being worked on now. */
    int inFlight() {
        return inFlight.size();
    }

    /**
     * Gives the workers a few seconds to finish their current step, then interrupts them (the
     * loop has stopped passing before). Interrupting is safe at any point: a judgement's hash is journaled before
     * it is sent, and an interrupted re-run is picked up by the executor after a restart.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
