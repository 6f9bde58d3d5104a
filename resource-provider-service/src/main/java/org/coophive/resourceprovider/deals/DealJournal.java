package org.coophive.resourceprovider.deals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.reconcile.StepJournal;

/**
 * The provider's deal journal in the data folder ({@code deals/<dealId>.json}), common's
 * {@link StepJournal}: a step's entry is written before its transaction is signed, and its hash as
 * soon as it is signed, so after a crash at any point the provider knows whether a transaction may
 * be on its way and looks it up instead of sending the step again.
 */
final class DealJournal extends StepJournal<Step, DealRecord> {

    DealJournal(Path dataDir) {
        super(dataDir.resolve("deals"), Step.class, DealRecord.class);
    }

    /** Creates the deal's record if it has none; returns the record. */
    DealRecord open(DealRecord fresh) {
        return openIfAbsent(fresh);
    }

    /** Deals this provider is in and has not finished or refused. */
    List<DealRecord> open() {
        return all().stream().filter(r -> !r.finished() && !r.isRefused()).toList();
    }

    /**
     * Whether an offer is held by a deal this provider refused (named by the offer or by the
     * deal): its slot is free again.
     */
    boolean heldByRefusedDeal(ResourceOfferContainer offer) {
        return all().stream()
                .filter(DealRecord::isRefused)
                .anyMatch(r ->
                        r.resourceOfferId().equals(offer.id()) || r.dealId().equals(offer.dealId()));
    }

    /** The slots this provider's own deals hold (agreed or agreeing, results not yet sent). */
    Set<Integer> busySlots() {
        return all().stream()
                .filter(DealRecord::occupiesSlot)
                .map(DealRecord::slot)
                .collect(Collectors.toSet());
    }

    /** The id of this provider's deal with this on-chain key, if it has one. */
    Optional<String> dealIdOfKey(String dealKeyHex) {
        return all().stream()
                .filter(r -> r.dealKey().equalsIgnoreCase(dealKeyHex))
                .map(DealRecord::dealId)
                .findFirst();
    }

    /** Whether a chain event with this deal key concerns one of this provider's deals. */
    boolean knowsKey(String dealKeyHex) {
        return all().stream().anyMatch(r -> r.dealKey().equalsIgnoreCase(dealKeyHex));
    }
}
