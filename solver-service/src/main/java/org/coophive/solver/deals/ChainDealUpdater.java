package org.coophive.solver.deals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.chain.DealReads;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
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
 * transaction, then tells subscribers; a deal that ends triggers a matching pass (its resource
 * offer no longer counts as booked). A step within a deal (agreed, results submitted or checked, a
 * mediator picked) changes nothing a pass looks at, so it triggers none. A repeated update changes
 * nothing and emits nothing, nor does one older than what the deal holds.
 *
 * <p>Rollbacks: when the chain's blocks after some block are rolled back, the deals learnt from
 * events in them are read again from the chain (storage's agreement state, the mediator picked) and
 * corrected, with the same events as any change: the API and subscribers see the chain's state,
 * not the one of the lost branch. The store keeps where each deal's state was learnt, so this holds
 * across restarts too.
 */
@Component
class ChainDealUpdater implements ChainDealUpdates {

    private static final Logger log = LoggerFactory.getLogger(ChainDealUpdater.class);

    private final DealStore deals;
    private final OfferStore offers;
    private final TransactionTemplate transactions;
    private final EventBus events;
    private final PassLoop loop;
    private final DealReads chain;
    private final ChainHead head;

    /**
     * The hashes a rollback cleared, by deal, until the chain has them mined again (a party's very
     * same transaction delivered again): then they are shown again. Kept in memory only.
     */
    private final Map<String, DealTransactions> cleared = new ConcurrentHashMap<>();

    ChainDealUpdater(
            DealStore deals,
            OfferStore offers,
            TransactionTemplate transactions,
            EventBus events,
            PassLoop loop,
            DealReads chain,
            ChainHead head) {
        this.chain = chain;
        this.head = head;
        this.deals = deals;
        this.offers = offers;
        this.transactions = transactions;
        this.events = events;
        this.loop = loop;
    }

    @Override
    public boolean stateChanged(String dealId, AgreementState state, EventCursor at) {
        Optional<List<SolverEvent>> changed = transactions.execute(status -> {
            if (deals.find(dealId).isEmpty()) return null;
            if (!deals.changeState(dealId, state, at)) return Optional.<List<SolverEvent>>of(List.of());
            return Optional.of(stateEvents(dealId, state));
        });
        if (changed == null) {
            log.debug("chain reports state {} of deal {}, which this solver does not hold", state, dealId);
            return false;
        }
        if (!changed.get().isEmpty()) {
            log.info("deal {} is now {}", dealId, state);
            events.publish(changed.get());
            if (state.isTerminal()) loop.trigger();
        }
        restoreMinedAgain(dealId);
        return true;
    }

    /** Shows again the hashes a rollback cleared whose very transactions the chain has mined again. */
    private void restoreMinedAgain(String dealId) {
        DealTransactions lost = cleared.get(dealId);
        if (lost == null) return;
        Set<String> mined = DealStore.hashes(lost).stream()
                .filter(hash -> isMined(head.transactionStatus(hash)))
                .collect(Collectors.toSet());
        if (mined.isEmpty()) return;
        DealTransactions before =
                deals.find(dealId).map(DealContainer::transactions).orElse(null);
        if (before == null) return;
        Optional<DealContainer> restored = deals.restoreTransactions(dealId, DealStore.filter(lost, mined::contains));
        DealTransactions left = DealStore.filter(lost, hash -> !mined.contains(hash));
        if (DealStore.hashes(left).isEmpty()) cleared.remove(dealId, lost);
        else cleared.replace(dealId, lost, left);
        restored.ifPresent(deal -> {
            log.info("deal {}: transactions mined again on the new branch: {}", dealId, String.join(", ", mined));
            events.publish(changedEvents(before, deal));
        });
    }

    @Override
    public boolean mediatorChosen(String dealId, String mediator, EventCursor at) {
        Optional<DealContainer> changed = transactions.execute(status -> {
            if (deals.find(dealId).isEmpty()) return null;
            if (!deals.changeMediator(dealId, mediator, at.blockNumber())) return Optional.<DealContainer>empty();
            return deals.find(dealId);
        });
        if (changed == null) {
            log.debug("chain reports mediator {} of deal {}, which this solver does not hold", mediator, dealId);
            return false;
        }
        if (changed.isPresent()) {
            log.info("deal {} has mediator {}", dealId, mediator);
            events.publish(SolverEvent.of(EventType.DEAL_MEDIATOR_UPDATED, changed.get()));
        }
        return true;
    }

    @Override
    public int rolledBack(long forkBlock) {
        List<String> learnt = deals.learntAfter(forkBlock);
        if (learnt.isEmpty()) return 0;
        // Read before the deals: events up to this block are in what is read next, so not applied again.
        long readAt = head.blockNumber();
        int corrected = 0;
        for (String dealId : learnt) {
            Optional<DealContainer> stored = deals.find(dealId);
            if (stored.isEmpty()) continue;
            Bytes32 key;
            try {
                key = DealTerms.of(stored.get().deal()).key();
            } catch (IllegalArgumentException e) {
                // Terms that cannot go on chain: no event can have named this deal; nothing to read.
                log.warn("deal {}: its terms cannot go on chain ({}); not read again", dealId, e.getMessage());
                continue;
            }
            AgreementState state = chain.getAgreement(key).state();
            String mediator = chain.getMediator(key).orElse("");
            // The hashes the parties reported for steps the rollback took off the chain: shown no more.
            DealTransactions reported = stored.get().transactions();
            Set<String> gone = DealStore.hashes(reported).stream()
                    .filter(hash -> !isMined(head.transactionStatus(hash)))
                    .collect(Collectors.toSet());
            List<SolverEvent> changed = transactions.execute(status -> {
                DealStore.Correction correction = deals.correct(dealId, state, mediator, readAt);
                List<SolverEvent> out = new ArrayList<>();
                if (correction.state()) out.addAll(stateEvents(dealId, state));
                if (correction.mediator()) {
                    out.add(SolverEvent.of(
                            EventType.DEAL_MEDIATOR_UPDATED, deals.find(dealId).orElseThrow()));
                }
                deals.clearTransactions(dealId, gone).ifPresent(now -> out.addAll(changedEvents(reported, now)));
                return out;
            });
            if (!gone.isEmpty()) {
                cleared.merge(dealId, DealStore.filter(reported, gone::contains), DealStore::merge);
            }
            if (!changed.isEmpty()) {
                corrected++;
                log.warn(
                        "deal {}: blocks after {} were rolled back; the chain now has it {}{}{}",
                        dealId,
                        forkBlock,
                        state,
                        mediator.isEmpty() ? "" : " with mediator " + mediator,
                        gone.isEmpty() ? "" : "; transactions no longer on chain: " + String.join(", ", gone));
                events.publish(changed);
            }
        }
        if (corrected > 0) loop.trigger();
        return corrected;
    }

    private static boolean isMined(TxStatus status) {
        return status == TxStatus.SUCCEEDED || status == TxStatus.FAILED;
    }

    /** The events telling subscribers which parties' hashes changed (cleared by a rollback, or put back). */
    private static List<SolverEvent> changedEvents(DealTransactions before, DealContainer cleared) {
        DealTransactions after = cleared.transactions();
        List<SolverEvent> out = new ArrayList<>();
        if (!after.resourceProvider().equals(before.resourceProvider())) {
            out.add(SolverEvent.of(EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED, cleared));
        }
        if (!after.jobCreator().equals(before.jobCreator())) {
            out.add(SolverEvent.of(EventType.JOB_CREATOR_TRANSACTIONS_UPDATED, cleared));
        }
        if (!after.mediator().equals(before.mediator())) {
            out.add(SolverEvent.of(EventType.MEDIATOR_TRANSACTIONS_UPDATED, cleared));
        }
        return out;
    }

    /** Moves the deal's offers to its new state; the events telling subscribers. */
    private List<SolverEvent> stateEvents(String dealId, AgreementState state) {
        DealContainer deal = deals.find(dealId).orElseThrow();
        offers.updateJobOfferDeal(deal.jobOffer(), dealId, state);
        offers.updateResourceOfferDeal(deal.resourceOffer(), dealId, state);
        return List.of(
                SolverEvent.of(EventType.DEAL_STATE_UPDATED, deal),
                SolverEvent.of(EventType.JOB_OFFER_STATE_UPDATED, jobOffer(deal)),
                SolverEvent.of(EventType.RESOURCE_OFFER_STATE_UPDATED, resourceOffer(deal)));
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
