package org.coophive.solver.chain;

import org.coophive.contracts.AgreementState;

/**
 * What the chain tracker reports about deals: the deals feature applies it to the store, tells
 * subscribers and triggers a matching pass (a deal that ends frees its resource offer).
 *
 * <p>Calls may repeat after a restart (the tracker resumes from its last saved position), so
 * applying the same update twice must have the effect of applying it once and emit no event the
 * second time.
 */
public interface ChainDealUpdates {

    /**
     * A deal's state changed on chain.
     *
     * @param dealId the deal's content id ({@code Qm...})
     * @return false when the solver does not know the deal (another solver's, or not stored)
     */
    boolean stateChanged(String dealId, AgreementState state);

    /**
     * A mediator was picked on chain for the deal.
     *
     * @param mediator the mediator's address, checksummed
     * @return false when the solver does not know the deal
     */
    boolean mediatorChosen(String dealId, String mediator);
}
