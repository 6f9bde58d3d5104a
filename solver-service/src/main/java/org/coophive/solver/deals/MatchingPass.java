package org.coophive.solver.deals;

import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.matching.Matches;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.JobOfferFilter;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.ResourceOfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One matching pass: drops expired unmatched offers, matches the rest ({@link Matcher}) with the
 * resource offers of open deals kept out, and stores each deal together with its two offers'
 * {@code deal_id} and state in one transaction. An offer that was withdrawn or matched since it
 * was read makes its deal roll back, so no offer is ever booked twice and a crash never leaves
 * half a deal. Events go out after each commit.
 */
class MatchingPass implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(MatchingPass.class);
    private static final JobOfferFilter UNMATCHED_JOBS = new JobOfferFilter("", true);
    private static final ResourceOfferFilter UNMATCHED_RESOURCES = new ResourceOfferFilter("", false, true);

    private final Matcher matcher;
    private final OfferStore offers;
    private final DealStore deals;
    private final TransactionTemplate transactions;
    private final EventBus events;
    private final MatchingMetrics metrics;

    MatchingPass(
            Matcher matcher,
            OfferStore offers,
            DealStore deals,
            TransactionTemplate transactions,
            EventBus events,
            MatchingMetrics metrics) {
        this.matcher = matcher;
        this.offers = offers;
        this.deals = deals;
        this.transactions = transactions;
        this.events = events;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        Timer.Sample sample = metrics.startPass();
        long start = System.nanoTime();
        Map<String, JobOfferContainer> jobs = byId(offers.findJobOffers(UNMATCHED_JOBS), JobOfferContainer::id);
        Map<String, ResourceOfferContainer> resources =
                byId(offers.findResourceOffers(UNMATCHED_RESOURCES), ResourceOfferContainer::id);
        Set<String> busy = deals.openResourceOffers();
        Matches pass = matcher.match(
                jobs.values().stream().map(JobOfferContainer::jobOffer).toList(),
                resources.values().stream()
                        .map(ResourceOfferContainer::resourceOffer)
                        .toList(),
                busy);
        long matched = System.nanoTime();

        int expiredJobs = 0;
        int expiredResources = 0;
        for (String id : pass.expiredJobOffers()) {
            if (offers.withdrawJobOffer(id)) {
                expiredJobs++;
                log.info("job offer {} expired unmatched", id);
                events.publish(SolverEvent.of(EventType.JOB_OFFER_EXPIRED, jobs.get(id)));
            }
        }
        for (String id : pass.expiredResourceOffers()) {
            if (offers.withdrawResourceOffer(id)) {
                expiredResources++;
                log.info("resource offer {} expired unmatched", id);
                events.publish(SolverEvent.of(EventType.RESOURCE_OFFER_EXPIRED, resources.get(id)));
            }
        }
        int made = 0;
        for (Deal deal : pass.deals()) {
            Optional<List<SolverEvent>> stored = store(
                    deal,
                    jobs.get(deal.jobOffer().id()),
                    resources.get(deal.resourceOffer().id()));
            if (stored.isPresent()) {
                made++;
                events.publish(stored.get());
            }
        }
        metrics.endPass(sample, made, jobs.size() - made - expiredJobs, resources.size() - made - expiredResources);
        if (made > 0) {
            // Where a match's time goes (issue 19): reading and matching the offers, then storing the deals.
            log.info(
                    "matching pass: {} deal(s) of {} job and {} resource offers in {} ms (read and matched in {} ms)",
                    made,
                    jobs.size(),
                    resources.size(),
                    (System.nanoTime() - start) / 1_000_000,
                    (matched - start) / 1_000_000);
        }
    }

    /** Stores the deal and books both offers, all or nothing; the events to send on success. */
    private Optional<List<SolverEvent>> store(Deal deal, JobOfferContainer job, ResourceOfferContainer resource) {
        AgreementState state = AgreementState.DEAL_NEGOTIATING;
        DealContainer container = new DealContainer(
                deal.id(),
                deal.members().jobCreator(),
                deal.members().resourceProvider(),
                job.id(),
                resource.id(),
                state,
                deal,
                DealTransactions.NONE,
                "");
        Boolean committed = transactions.execute(status -> {
            if (deals.save(container)
                    && offers.claimJobOffer(job.id(), deal.id(), state)
                    && offers.claimResourceOffer(resource.id(), deal.id(), state)) {
                return true;
            }
            status.setRollbackOnly();
            return false;
        });
        if (!Boolean.TRUE.equals(committed)) {
            log.info("deal {} not made: an offer changed during the pass", deal.id());
            return Optional.empty();
        }
        log.info(
                "deal {} made: job offer {} of {} with resource offer {} of {}",
                deal.id(),
                job.id(),
                container.jobCreator(),
                resource.id(),
                container.resourceProvider());
        List<SolverEvent> sent = new ArrayList<>(3);
        sent.add(SolverEvent.of(EventType.DEAL_ADDED, container));
        sent.add(SolverEvent.of(
                EventType.JOB_OFFER_STATE_UPDATED,
                new JobOfferContainer(job.id(), deal.id(), job.jobCreator(), state, job.jobOffer())));
        sent.add(SolverEvent.of(
                EventType.RESOURCE_OFFER_STATE_UPDATED,
                new ResourceOfferContainer(
                        resource.id(), deal.id(), resource.resourceProvider(), state, resource.resourceOffer())));
        return Optional.of(sent);
    }

    private static <T> Map<String, T> byId(List<T> list, Function<T, String> id) {
        return list.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }
}
