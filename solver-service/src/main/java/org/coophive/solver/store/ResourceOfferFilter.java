package org.coophive.solver.store;

import org.coophive.common.model.Addresses;

/**
 * Which resource offers to list.
 *
 * @param resourceProvider only this provider's offers; empty for everyone's
 * @param active only offers still in play: unmatched, or in a deal that is negotiating or agreed
 * @param notMatched only offers not yet in a deal
 */
public record ResourceOfferFilter(String resourceProvider, boolean active, boolean notMatched) {

    /** Every resource offer. */
    public static final ResourceOfferFilter ALL = new ResourceOfferFilter("", false, false);

    public ResourceOfferFilter {
        resourceProvider = Addresses.lowercase(resourceProvider);
    }
}
