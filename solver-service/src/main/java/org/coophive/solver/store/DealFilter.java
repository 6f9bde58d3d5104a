package org.coophive.solver.store;

import java.util.Optional;
import org.coophive.common.model.Addresses;
import org.coophive.contracts.AgreementState;

/**
 * Which deals to list; empty parts match everything.
 *
 * @param jobCreator only deals of this job creator
 * @param resourceProvider only deals of this resource provider
 * @param mediator only deals with this mediator
 * @param state only deals in this state
 */
public record DealFilter(String jobCreator, String resourceProvider, String mediator, Optional<AgreementState> state) {

    /** Every deal. */
    public static final DealFilter ALL = new DealFilter("", "", "", Optional.empty());

    public DealFilter {
        jobCreator = Addresses.lowercase(jobCreator);
        resourceProvider = Addresses.lowercase(resourceProvider);
        mediator = Addresses.lowercase(mediator);
        state = state == null ? Optional.empty() : state;
    }
}
