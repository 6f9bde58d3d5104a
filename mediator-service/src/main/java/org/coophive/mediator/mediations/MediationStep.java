package org.coophive.mediator.mediations;

import org.coophive.common.reconcile.WorkLanes.Outcome;

/** Takes the next step of one deal's mediation; {@link DealMediator} is the real one. */
@FunctionalInterface
interface MediationStep {

    /** Whether the deal's lane should try again soon (something the step needs is not there yet). */
    Outcome mediate(String dealId);
}
