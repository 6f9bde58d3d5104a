package org.coophive.common.solver;

import org.coophive.common.model.SolverEvent;

/**
 * Receives the solver's events from a {@link SolverEventStream}, one at a time and in the order
 * the solver sent them, on the stream's thread: a slow listener delays the next event. An
 * exception thrown here is logged and the stream carries on.
 */
@FunctionalInterface
public interface SolverEventListener {

    /** One event from the solver. */
    void onEvent(SolverEvent event);

    /**
     * The stream (re)connected. Events sent while it was down are lost, so a service lists its
     * deals here to catch up. Does nothing unless overridden.
     */
    default void onConnected() {}
}
