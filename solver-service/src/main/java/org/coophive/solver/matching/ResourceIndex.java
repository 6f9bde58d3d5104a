package org.coophive.solver.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;

/**
 * The bookable resource offers of one pass, grouped by machine shape (CPU, GPU, RAM, GPU memory, disk) and sorted
 * in candidate order inside each group. A job looks only at groups big enough for it and, in each,
 * scans from the cheapest unbooked offer until one passes the remaining rules or the price exceeds
 * what a fixed-price job pays. Booked offers are skipped in near-constant time (a "next unbooked"
 * pointer per slot, with path compression). Machines come in few shapes, so a pass costs about
 * jobs x shapes, not jobs x offers.
 */
final class ResourceIndex {

    private final List<Group> groups;

    /** @param offers offers that name this solver and are neither expired nor busy */
    ResourceIndex(Collection<ResourceOffer> offers) {
        Map<MachineSpec, List<ResourceOffer>> byShape = new HashMap<>();
        for (ResourceOffer offer : offers) {
            // A market-priced resource offer never matches; leaving it out keeps the scans short.
            if (offer.mode() != PricingMode.FIXED_PRICE) continue;
            MachineSpec shape = offer.spec().resourcesOnly();
            byShape.computeIfAbsent(shape, s -> new ArrayList<>()).add(offer);
        }
        groups = new ArrayList<>(byShape.size());
        byShape.forEach((shape, list) -> groups.add(new Group(shape, list)));
    }

    /** Books and returns the first candidate for the job in candidate order, if any. */
    Optional<ResourceOffer> book(JobOffer job, Rules rules) {
        Group bestGroup = null;
        int bestSlot = -1;
        for (Group group : groups) {
            if (!group.shape.covers(job.spec())) continue;
            int slot = group.firstCandidate(job, rules);
            if (slot < 0) continue;
            if (bestGroup == null
                    || Matcher.CANDIDATE_ORDER.compare(group.offers[slot], bestGroup.offers[bestSlot]) < 0) {
                bestGroup = group;
                bestSlot = slot;
            }
        }
        if (bestGroup == null) return Optional.empty();
        bestGroup.book(bestSlot);
        return Optional.of(bestGroup.offers[bestSlot]);
    }

    private static final class Group {
        final MachineSpec shape;
        final ResourceOffer[] offers;
        /** next[i] leads to the first unbooked slot at or after i; next[length] is the end. */
        final int[] next;

        Group(MachineSpec shape, List<ResourceOffer> list) {
            this.shape = shape;
            this.offers = list.toArray(ResourceOffer[]::new);
            java.util.Arrays.sort(offers, Matcher.CANDIDATE_ORDER);
            this.next = new int[offers.length + 1];
            for (int i = 0; i < next.length; i++) next[i] = i;
        }

        int firstCandidate(JobOffer job, Rules rules) {
            for (int slot = unbooked(0); slot < offers.length; slot = unbooked(slot + 1)) {
                ResourceOffer offer = offers[slot];
                // Sorted by price: once one is too dear for a fixed-price job, all the rest are.
                if (!Rules.affordable(job, offer)) return -1;
                if (rules.termsFailure(job, offer) == null) return slot;
            }
            return -1;
        }

        void book(int slot) {
            next[slot] = slot + 1;
        }

        private int unbooked(int slot) {
            int root = slot;
            while (next[root] != root) root = next[root];
            while (next[slot] != root) {
                int following = next[slot];
                next[slot] = root;
                slot = following;
            }
            return root;
        }
    }
}
