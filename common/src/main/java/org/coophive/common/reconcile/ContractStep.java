package org.coophive.common.reconcile;

/**
 * A step a party takes on chain, named by the controller function it calls; a service's enum of
 * its steps implements this so a {@link StepJournal} recognises their transactions.
 */
public interface ContractStep {

    /** The controller function the step calls, e.g. {@code agree}. */
    String function();
}
