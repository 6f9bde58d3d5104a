package org.coophive.mediator.mediations;

/** Takes the next step of one deal's mediation; {@link DealMediator} is the real one. */
@FunctionalInterface
interface MediationStep {

    void mediate(String dealId);
}
