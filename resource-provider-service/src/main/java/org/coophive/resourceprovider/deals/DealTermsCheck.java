package org.coophive.resourceprovider.deals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.ResourceOffer;
import org.coophive.resourceprovider.offers.ResourceOffers;

/**
 * Decides whether the provider signs a deal: only one made from an offer it posted, exactly as
 * posted (so with its own pricing and timeouts), with itself as the provider, the solver it trusts,
 * only mediators it trusts, and a job its offer covers. The reference agreed to whatever the solver
 * sent; here a deal that differs in any term is refused.
 */
final class DealTermsCheck {

    private final String self;
    private final ServiceParties parties;
    private final ResourceOffers offers;

    DealTermsCheck(String self, ServiceParties parties, ResourceOffers offers) {
        this.self = self;
        this.parties = parties;
        this.offers = offers;
    }

    /** Why the deal is not acceptable, or empty if it is. */
    Optional<String> problem(DealContainer container) {
        Deal deal = container.deal();
        List<String> problems = new ArrayList<>();
        if (!container.id().equals(deal.id())) {
            problems.add("the container's id " + container.id() + " is not the deal's id " + deal.id());
        }
        ModelValidator.validate(deal).forEach(v -> problems.add(v.field() + " " + v.message()));
        if (!Addresses.equal(deal.members().resourceProvider(), self)) {
            problems.add("the resource provider is " + deal.members().resourceProvider() + ", not this provider");
        }
        problems.addAll(parties.trusted().untrustedMembers(deal.members()));
        ResourceOffer offered = deal.resourceOffer();
        Optional<ResourceOffer> posted = offers.posted(offered.id());
        if (posted.isEmpty()) {
            problems.add("resource offer " + offered.id() + " was not posted by this provider");
        } else if (!posted.get().equals(offered)) {
            problems.add("resource offer " + offered.id() + " differs from the one this provider posted");
        } else {
            if (!deal.pricing().equals(offered.defaultPricing())) {
                problems.add("the pricing " + deal.pricing() + " is not the offer's " + offered.defaultPricing());
            }
            if (!deal.timeouts().equals(offered.defaultTimeouts())) {
                problems.add("the timeouts " + deal.timeouts() + " are not the offer's " + offered.defaultTimeouts());
            }
            MachineSpec need = deal.jobOffer().spec();
            MachineSpec have = offered.spec();
            have.shortfall(need).ifPresent(shortfall -> problems.add("the job " + shortfall.message()));
            if (need.network() && !have.network()) {
                problems.add("the job asks for network access, which this provider does not allow (OFFER_NETWORK)");
            }
            have.privileges()
                    .missing(need.privileges())
                    .ifPresent(missing -> problems.add("the job asks for " + missing
                            + ", which this provider does not grant (EXECUTOR_PRIVILEGES)"));
            if (!offered.modules().isEmpty()
                    && !offered.modules().contains(ContentIds.of(deal.jobOffer().module()))) {
                problems.add("module " + ContentIds.of(deal.jobOffer().module()) + " is not among the offer's modules");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
