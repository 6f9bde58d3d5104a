package org.coophive.resourceprovider.offers;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.Privileges;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.resourceprovider.config.OfferProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one live resource offer per slot ({@code OFFER_COUNT}) with the solver, and remembers
 * every offer it posted so deals can be checked against them.
 *
 * <p>A slot is free when the solver lists no active offer (unmatched, or in a negotiating or
 * agreed deal) for its index, or only offers whose deals this provider refused. So capacity comes
 * back by itself once a deal has its results on chain, timed out or was refused.
 */
public final class ResourceOffers {

    private static final Logger log = LoggerFactory.getLogger(ResourceOffers.class);

    private final SolverClient solver;
    private final String self;
    private final OfferProperties offer;
    private final ServiceParties parties;
    private final PricingOptions pricing;
    private final DealTimeouts timeouts;
    private final OfferLedger ledger;
    private final Clock clock;
    private final Privileges granted;

    /** Offers that grant no privileges. */
    public ResourceOffers(
            SolverClient solver,
            String self,
            OfferProperties offer,
            ServiceParties parties,
            PricingOptions pricing,
            DealTimeouts timeouts,
            java.nio.file.Path dataDir,
            Clock clock) {
        this(solver, self, offer, parties, pricing, timeouts, dataDir, clock, Privileges.NONE);
    }

    /** @param granted what this provider's executor grants modules that ask, advertised in each offer's spec */
    public ResourceOffers(
            SolverClient solver,
            String self,
            OfferProperties offer,
            ServiceParties parties,
            PricingOptions pricing,
            DealTimeouts timeouts,
            java.nio.file.Path dataDir,
            Clock clock,
            Privileges granted) {
        this.granted = granted;
        this.solver = solver;
        this.self = self;
        this.offer = offer;
        this.parties = parties;
        this.pricing = pricing;
        this.timeouts = timeouts;
        this.ledger = new OfferLedger(dataDir);
        this.clock = clock;
    }

    /**
     * Posts an offer for every slot that has none and that this provider can serve.
     *
     * @param released offers held by deals this provider refused: their slots count as free
     * @param busy slots this provider's own deals hold, whatever the solver lists: a deal made on
     *     one of them would be refused as busy, so no offer is posted for them
     * @return the offers posted now
     */
    public List<ResourceOffer> ensurePosted(Predicate<ResourceOfferContainer> released, Set<Integer> busy) {
        List<ResourceOfferContainer> active = solver.resourceOffers(
                ResourceOfferQuery.byResourceProvider(self).activeOnly());
        Set<Integer> taken = new HashSet<>(busy);
        for (ResourceOfferContainer container : active) {
            if (!released.test(container)) taken.add(container.resourceOffer().index());
        }
        List<ResourceOffer> posted = new java.util.ArrayList<>();
        for (int slot = 0; slot < offer.count(); slot++) {
            if (taken.contains(slot)) continue;
            ResourceOffer fresh = build(slot);
            ResourceOffer kept = fresh.withId(ContentIds.of(fresh));
            // Recorded before the solver has it: the solver may match it and announce the deal
            // before it answers the post, and a deal on an offer not yet recorded would be refused.
            // An offer recorded and never stored at the solver can be in no deal.
            ledger.record(kept);
            ResourceOfferContainer stored = solver.addResourceOffer(fresh);
            if (!stored.id().equals(kept.id())) {
                throw new IllegalStateException("the solver stored offer for slot " + slot + " as " + stored.id()
                        + " but its content id is " + kept.id());
            }
            posted.add(kept);
            log.info(
                    "posted resource offer {} for slot {} ({} milli-CPU, {} milli-GPU, {} MB)",
                    kept.id(),
                    slot,
                    kept.spec().cpu(),
                    kept.spec().gpu(),
                    kept.spec().ram());
        }
        return posted;
    }

    /** An offer this provider posted, exactly as posted. */
    public Optional<ResourceOffer> posted(String offerId) {
        return ledger.find(offerId);
    }

    /** How many jobs may run at once. */
    public int slots() {
        return offer.count();
    }

    ResourceOffer build(int slot) {
        return new ResourceOffer(
                "",
                clock.millis(),
                self,
                slot,
                offer.spec().withPrivileges(granted),
                offer.modules(),
                pricing.mode(),
                pricing.pricing(),
                timeouts,
                Map.of(),
                Map.of(),
                new TrustedParties(parties.solver(), parties.mediators()));
    }
}
