package org.coophive.resourceprovider.deals;

import java.net.URI;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.EventStream;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.solver.SolverEventListener;
import org.coophive.common.solver.SolverEventStream;

/**
 * What makes a pass run early: the solver's events about this provider's deals (and every
 * reconnect, since missed events are not replayed) and the chain's {@code DealStateChange} events
 * of deals in the journal. Both are hints; the periodic pass catches whatever they miss.
 */
final class DealTriggers implements AutoCloseable {

    private final SolverEventStream solverEvents;
    private final EventStream chainEvents;

    DealTriggers(URI solverUrl, ChainEvents chain, String self, DealReconciler reconciler, ReconcileLoop loop) {
        this.solverEvents = SolverEventStream.open(solverUrl, solverListener(self, loop::trigger));
        this.chainEvents = chain.dealStateChanges(chain.latest(), event -> {
            if (reconciler.concerns(event.event().dealKey())) loop.trigger();
        });
        this.chainEvents.start();
    }

    /** Triggers on events about this provider's deals, and on every (re)connect. */
    static SolverEventListener solverListener(String self, Runnable trigger) {
        return new SolverEventListener() {
            @Override
            public void onEvent(SolverEvent event) {
                if (event.deal() != null && Addresses.equal(event.deal().resourceProvider(), self)) trigger.run();
            }

            @Override
            public void onConnected() {
                trigger.run();
            }
        };
    }

    @Override
    public void close() {
        solverEvents.close();
        chainEvents.close();
    }
}
