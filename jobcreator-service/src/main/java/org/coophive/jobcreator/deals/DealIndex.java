package org.coophive.jobcreator.deals;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which job is in which deal, and which job posted which offer, kept by a {@link JobStore} as it
 * saves jobs: a chain event names only its deal, and each one (every deal of the network, not only
 * this job creator's) is checked against the jobs here, as is each solver deal event (by its deal,
 * or the offer it matched), so the check must not walk every job ever submitted.
 */
final class DealIndex {

    private final Map<String, String> jobByDeal = new ConcurrentHashMap<>();

    /** Which job posted which offer: a solver's deal event names the offer it matched. */
    private final Map<String, String> jobByOffer = new ConcurrentHashMap<>();

    /** Notes that {@code saved} replaced {@code previous} (null for a new job); call under the store's lock. */
    void saved(Job previous, Job saved) {
        if (previous != null && !previous.dealId().equals(saved.dealId())) {
            jobByDeal.remove(previous.dealId(), previous.id());
        }
        if (!saved.dealId().isEmpty()) jobByDeal.put(saved.dealId(), saved.id());
        if (previous != null && !previous.offerId().equals(saved.offerId())) {
            jobByOffer.remove(previous.offerId(), previous.id());
        }
        if (!saved.offerId().isEmpty()) jobByOffer.put(saved.offerId(), saved.id());
    }

    /** The id of the job that posted the job offer {@code offerId}, if any. */
    Optional<String> jobOfOffer(String offerId) {
        return offerId == null || offerId.isEmpty() ? Optional.empty() : Optional.ofNullable(jobByOffer.get(offerId));
    }

    /** The id of the job in the deal {@code dealId}, if any. */
    Optional<String> jobOf(String dealId) {
        return dealId == null || dealId.isEmpty() ? Optional.empty() : Optional.ofNullable(jobByDeal.get(dealId));
    }
}
