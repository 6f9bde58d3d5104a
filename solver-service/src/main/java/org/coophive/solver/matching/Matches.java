package org.coophive.solver.matching;

import java.util.List;
import org.coophive.common.model.Deal;

/**
 * What one run of the matcher found: the new deals and the offers past their expiry.
 *
 * @param deals the new deals, in the order their job offers were processed (oldest first)
 * @param expiredJobOffers ids of job offers past the expiry, which the caller should drop
 * @param expiredResourceOffers ids of resource offers past the expiry, likewise
 */
public record Matches(List<Deal> deals, List<String> expiredJobOffers, List<String> expiredResourceOffers) {

    public Matches {
        deals = List.copyOf(deals);
        expiredJobOffers = List.copyOf(expiredJobOffers);
        expiredResourceOffers = List.copyOf(expiredResourceOffers);
    }
}
