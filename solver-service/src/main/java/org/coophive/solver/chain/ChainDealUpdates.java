package org.coophive.solver.chain;

import org.coophive.common.chain.EventCursor;
import org.coophive.contracts.AgreementState;

/**
 * What the chain tracker reports about deals: the deals feature applies it to the store, tells
 * subscribers and triggers a matching pass (a deal that ends frees its resource offer).
 *
 * <p>Calls may repeat after a restart or a rewind (the tracker resumes from its last saved
 * position), so applying the same update twice must have the effect of applying it once and emit
 * no event the second time.
 */
public interface ChainDealUpdates {

    /**
     * A deal's state changed on chain.
     *
     * @param dealId the deal's content id ({@code Qm...})
     * @param at the event's position: an update from before what the deal holds changes nothing
     * @return false when the solver does not know the deal (another solver's, or not stored)
     */
    boolean stateChanged(String dealId, AgreementState state, EventCursor at);

    /**
     * A mediator was picked on chain for the deal.
     *
     * @param mediator the mediator's address, checksummed
     * @param at the event's position
     * @return false when the solver does not know the deal
     */
    boolean mediatorChosen(String dealId, String mediator, EventCursor at);

    /**
     * The blocks after {@code forkBlock} were rolled back (a reorganisation, seen live or at start):
     * every deal whose state or mediator was learnt from an event after it is read again from the
     * chain and corrected, and the transaction hashes the parties reported for it that the chain no
     * longer has mined (the lost steps') are cleared; new reports fill them again.
     *
     * @return how many deals changed
     * @throws RuntimeException when the chain cannot be read: the tracker is told again later
     */
    int rolledBack(long forkBlock);
}
