package org.coophive.solver.deals;

import java.util.List;
import java.util.Optional;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.chain.ChainDealUpdates;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.OfferStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies what the chain tracker reports to the stored deal and its two offers, in one
 * transaction, then tells subscribers and triggers a pass (a deal that ends frees its job's slot
 * for the provider's next offer). A repeated update changes nothing and emits nothing.
 */
@Component
class ChainDealUpdater implements ChainDealUpdates {

    private static final Logger log = LoggerFactory.getLogger(ChainDealUpdater.class);

    private final DealStore deals;
    private final OfferStore offers;
    private final TransactionTemplate transactions;
    private final EventBus events;
    private final PassLoop loop;

    ChainDealUpdater(
            DealStore deals, OfferStore offers, TransactionTemplate transactions, EventBus events, PassLoop loop) {
        this.deals = deals;
        this.offers = offers;
        this.transactions = transactions;
        this.events = events;
        this.loop = loop;
    }

    @Override
    public boolean stateChanged(String dealId, AgreementState state) {
        Optional<List<SolverEvent>> changed = transactions.execute(status -> {
            if (deals.find(dealId).isEmpty()) return null;
            if (!deals.changeState(dealId, state)) return Optional.<List<SolverEvent>>of(List.of());
            DealContainer deal = deals.find(dealId).orElseThrow();
            offers.updateJobOfferDeal(deal.jobOffer(), dealId, state);
            offers.updateResourceOfferDeal(deal.resourceOffer(), dealId, state);
            return Optional.of(List.of(
                    SolverEvent.of(EventType.DEAL_STATE_UPDATED, deal),
                    SolverEvent.of(EventType.JOB_OFFER_STATE_UPDATED, jobOffer(deal)),
                    SolverEvent.of(EventType.RESOURCE_OFFER_STATE_UPDATED, resourceOffer(deal))));
        });
        if (changed == null) {
            log.debug("chain reports state {} of deal {}, which this solver does not hold", state, dealId);
            return false;
        }
        if (!changed.get().isEmpty()) {
            log.info("deal {} is now {}", dealId, state);
            events.publish(changed.get());
            loop.trigger();
        }
        return true;
    }

    @Override
    public boolean mediatorChosen(String dealId, String mediator) {
        Optional<DealContainer> changed = transactions.execute(status -> {
            if (deals.find(dealId).isEmpty()) return null;
            if (!deals.changeMediator(dealId, mediator)) return Optional.<DealContainer>empty();
            return deals.find(dealId);
        });
        if (changed == null) {
            log.debug("chain reports mediator {} of deal {}, which this solver does not hold", mediator, dealId);
            return false;
        }
        if (changed.isPresent()) {
            log.info("deal {} has mediator {}", dealId, mediator);
            events.publish(SolverEvent.of(EventType.DEAL_MEDIATOR_UPDATED, changed.get()));
            loop.trigger();
        }
        return true;
    }

    private JobOfferContainer jobOffer(DealContainer deal) {
        return offers.findJobOffer(deal.jobOffer())
                .orElseGet(() -> new JobOfferContainer(
                        deal.jobOffer(),
                        deal.id(),
                        deal.jobCreator(),
                        deal.state(),
                        deal.deal().jobOffer()));
    }

    private ResourceOfferContainer resourceOffer(DealContainer deal) {
        return offers.findResourceOffer(deal.resourceOffer())
                .orElseGet(() -> new ResourceOfferContainer(
                        deal.resourceOffer(),
                        deal.id(),
                        deal.resourceProvider(),
                        deal.state(),
                        deal.deal().resourceOffer()));
    }
}
