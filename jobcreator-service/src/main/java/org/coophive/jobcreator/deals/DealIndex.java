package org.coophive.jobcreator.deals;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which job is in which deal, kept by a {@link JobStore} as it saves jobs: a chain event names only
 * its deal, and each one (every deal of the network, not only this job creator's) is checked
 * against the jobs here, so the check must not walk every job ever submitted.
 */
final class DealIndex {

    private final Map<String, String> jobByDeal = new ConcurrentHashMap<>();

    /** Notes that {@code saved} replaced {@code previous} (null for a new job); call under the store's lock. */
    void saved(Job previous, Job saved) {
        if (previous != null && !previous.dealId().equals(saved.dealId())) {
            jobByDeal.remove(previous.dealId(), previous.id());
        }
        if (!saved.dealId().isEmpty()) jobByDeal.put(saved.dealId(), saved.id());
    }

    /** The id of the job in the deal {@code dealId}, if any. */
    Optional<String> jobOf(String dealId) {
        return dealId == null || dealId.isEmpty() ? Optional.empty() : Optional.ofNullable(jobByDeal.get(dealId));
    }
}
