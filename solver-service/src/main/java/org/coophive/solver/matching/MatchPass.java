package org.coophive.solver.matching;

import java.util.List;
import org.coophive.common.model.Deal;

/**
 * The outcome of one matching pass.
 *
 * @param deals the new deals, in the order their job offers were processed (oldest first)
 * @param expiredJobOffers ids of job offers past the expiry, which the caller should drop
 * @param expiredResourceOffers ids of resource offers past the expiry, likewise
 */
public record MatchPass(List<Deal> deals, List<String> expiredJobOffers, List<String> expiredResourceOffers) {

    public MatchPass {
        deals = List.copyOf(deals);
        expiredJobOffers = List.copyOf(expiredJobOffers);
        expiredResourceOffers = List.copyOf(expiredResourceOffers);
    }
}
