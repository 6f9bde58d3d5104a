package org.coophive.solver.matching;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.ResourceOffer;

/**
 * Matches job offers with resource offers into deals, for one solver (see MATCHING.md).
 *
 * <p>A pass takes the unmatched job offers and the resource offers not booked by an open deal.
 * Job offers are processed oldest first (then by id); each gets the first resource offer, in
 * candidate order (instruction price ascending, then oldest, then id), that passes every {@link
 * MatchRule}. A resource offer is booked at most once per pass. The outcome depends only on the
 * offers and the clock, never on the order of the input.
 *
 * <p><b>Deal terms.</b> The deal takes the resource offer's default pricing and timeouts
 * unchanged: they are the provider's terms of service, the provider agrees to them on chain
 * without negotiating, and the price rule already guarantees a fixed-price job creator pays no
 * more per instruction than it offered. The job creator's timeouts and collaterals are
 * preferences it checks itself before agreeing; the solver does not merge terms, so what a
 * provider posted is exactly what it is asked to sign.
 *
 * <p><b>Rejections are not remembered.</b> The rules depend only on the two offers, whose ids are
 * content ids: a changed offer is a new id and is considered afresh, an unchanged pair would get
 * the same answer again. Re-evaluating is cheaper than storing a decision per rejected pair
 * (up to jobs x offers entries) and cannot go stale.
 *
 * <p><b>Expiry.</b> An offer whose {@code created_at} is more than the expiry before the clock's
 * now is never matched and is reported in {@link Matches} so the caller can drop it.
 *
 * <p>Thread-safe: a pass keeps no state in the matcher.
 */
public final class Matcher {

    /** Candidate order: cheapest instruction price, then oldest, then id. */
    static final Comparator<ResourceOffer> CANDIDATE_ORDER = Comparator.comparing(Rules::price)
            .thenComparingLong(ResourceOffer::createdAt)
            .thenComparing(ResourceOffer::id);

    /** Job order: oldest first, then id. */
    static final Comparator<JobOffer> JOB_ORDER =
            Comparator.comparingLong(JobOffer::createdAt).thenComparing(JobOffer::id);

    private final String solver;
    private final Duration expiry;
    private final Clock clock;

    /**
     * @param solver this solver's address; offers naming another solver never match
     * @param expiry how long an offer stays matchable after its {@code created_at}
     * @param clock the time that expiry is measured against
     */
    public Matcher(String solver, Duration expiry, Clock clock) {
        this.solver = Addresses.checksummed(solver);
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One matching pass.
     *
     * @param jobOffers the job offers without a deal, with their ids set
     * @param resourceOffers the resource offers without an open deal, with their ids set
     * @param busyResourceOffers ids of resource offers booked by an open deal, skipped if present
     *     in {@code resourceOffers}
     */
    public Matches match(
            Collection<JobOffer> jobOffers, Collection<ResourceOffer> resourceOffers, Set<String> busyResourceOffers) {
        long oldest = oldestLiveCreatedAt();
        Rules rules = new Rules(solver);
        List<String> expiredResourceOffers = new ArrayList<>();
        List<ResourceOffer> live = new ArrayList<>(resourceOffers.size());
        for (ResourceOffer offer : resourceOffers) {
            if (offer.createdAt() < oldest) {
                expiredResourceOffers.add(offer.id());
            } else if (!busyResourceOffers.contains(offer.id()) && rules.namesThisSolver(offer)) {
                live.add(offer);
            }
        }
        List<String> expiredJobOffers = new ArrayList<>();
        List<JobOffer> jobs = new ArrayList<>(jobOffers.size());
        for (JobOffer job : jobOffers) {
            if (job.createdAt() < oldest) {
                expiredJobOffers.add(job.id());
            } else if (rules.namesThisSolver(job)) {
                jobs.add(job);
            }
        }
        jobs.sort(JOB_ORDER);
        expiredJobOffers.sort(Comparator.naturalOrder());
        expiredResourceOffers.sort(Comparator.naturalOrder());

        ResourceIndex index = new ResourceIndex(live);
        List<Deal> unsigned = new ArrayList<>();
        for (JobOffer job : jobs) {
            index.book(job, rules).ifPresent(offer -> unsigned.add(deal(job, offer)));
        }
        // The content id is the costly part of a deal (canonical JSON + SHA-256); it is the same
        // whatever thread computes it, so the ids are computed in parallel and kept in order.
        List<Deal> deals = unsigned.parallelStream()
                .map(deal -> deal.withId(ContentIds.of(deal)))
                .toList();
        return new Matches(deals, expiredJobOffers, expiredResourceOffers);
    }

    /**
     * Why the job offer would or would not match each resource offer, judged pair by pair (an
     * older job could still take a matching offer first in the next pass).
     *
     * @param busyResourceOffers ids of resource offers booked by an open deal
     */
    public Explanation explain(
            JobOffer jobOffer, Collection<ResourceOffer> resourceOffers, Set<String> busyResourceOffers) {
        long oldest = oldestLiveCreatedAt();
        Rules rules = new Rules(solver);
        List<Explanation.Verdict> verdicts = resourceOffers.stream()
                .sorted(CANDIDATE_ORDER)
                .map(offer -> {
                    MatchRule failed;
                    if (jobOffer.createdAt() < oldest || offer.createdAt() < oldest) {
                        failed = MatchRule.EXPIRED;
                    } else if (busyResourceOffers.contains(offer.id())) {
                        failed = MatchRule.BUSY;
                    } else {
                        failed = rules.firstFailure(jobOffer, offer);
                    }
                    return failed == null
                            ? new Explanation.Verdict(offer.id(), Optional.empty(), "matches")
                            : new Explanation.Verdict(
                                    offer.id(), Optional.of(failed), rules.message(failed, jobOffer, offer));
                })
                .toList();
        return new Explanation(jobOffer.id(), verdicts);
    }

    private long oldestLiveCreatedAt() {
        return clock.millis() - expiry.toMillis();
    }

    private Deal deal(JobOffer job, ResourceOffer offer) {
        DealMembers members =
                new DealMembers(solver, job.jobCreator(), offer.resourceProvider(), Rules.mutualMediators(job, offer));
        return new Deal("", members, offer.defaultPricing(), offer.defaultTimeouts(), job, offer);
    }
}
