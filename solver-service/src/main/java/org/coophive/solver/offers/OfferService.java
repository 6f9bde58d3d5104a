package org.coophive.solver.offers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.model.Violation;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.solver.JobOfferExplanation;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Explanation;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.JobOfferFilter;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.Page;
import org.coophive.solver.store.ResourceOfferFilter;
import org.coophive.solver.web.ProblemException;
import org.coophive.solver.web.QueryParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Job and resource offers: posting (idempotent by content id), listing, withdrawing and explaining.
 * A new offer or a withdrawal triggers a matching pass after the answer is decided: the response
 * shows the offer as stored, and the deal, if one follows, arrives as {@code DealAdded} on the
 * event stream and in the lists.
 */
@Service
class OfferService {

    private static final Logger log = LoggerFactory.getLogger(OfferService.class);
    private static final ResourceOfferFilter ACTIVE_RESOURCES = new ResourceOfferFilter("", true, false);

    private final OfferStore offers;
    private final DealStore deals;
    private final Matcher matcher;
    private final PassLoop loop;
    private final EventBus events;
    private final Clock clock;
    private final Duration expiry;
    private final int maxOpenOffers;
    private final long retryAfterSeconds;

    OfferService(
            OfferStore offers,
            DealStore deals,
            Matcher matcher,
            PassLoop loop,
            EventBus events,
            Clock clock,
            SolverProperties properties) {
        this.offers = offers;
        this.deals = deals;
        this.matcher = matcher;
        this.loop = loop;
        this.events = events;
        this.clock = clock;
        this.expiry = properties.offerExpiry();
        this.maxOpenOffers = properties.maxOpenOffers();
        this.retryAfterSeconds = Math.max(1, properties.matchInterval().toSeconds());
    }

    /** 429: the address holds as many unmatched offers as one may; one is matched, withdrawn or expires first. */
    private ProblemException tooManyOpen(String kind, String address) {
        return ProblemException.tooMany(
                address + " already has " + maxOpenOffers + " unmatched " + kind
                        + " offers, the most one address may hold; post again once one is matched, withdrawn or expired",
                retryAfterSeconds);
    }

    List<JobOfferContainer> jobOffers(JobOfferFilter filter, Page page) {
        return offers.findJobOffers(filter, page);
    }

    List<ResourceOfferContainer> resourceOffers(ResourceOfferFilter filter, Page page) {
        return offers.findResourceOffers(filter, page);
    }

    JobOfferContainer addJobOffer(String signer, JobOffer posted) {
        requireValid("job offer", ModelValidator.validate(posted));
        requireParty(signer, posted.jobCreator(), "the offer's job_creator");
        String id = ContentIds.of(posted);
        // A re-post of a stored offer answers it unchanged, however old: look it up only when the
        // offer would be refused as stale, or when saving finds it (one query for a new offer).
        if (!isFresh(posted.createdAt())) {
            return offers.findJobOffer(id).orElseThrow(() -> stale(posted.createdAt()));
        }
        if (maxOpenOffers > 0 && offers.countUnmatchedJobOffersOf(posted.jobCreator()) >= maxOpenOffers) {
            Optional<JobOfferContainer> stored = offers.findJobOffer(id);
            if (stored.isPresent()) return stored.get();
            throw tooManyOpen("job", posted.jobCreator());
        }
        JobOfferContainer container =
                new JobOfferContainer(id, "", posted.jobCreator(), AgreementState.DEAL_NEGOTIATING, posted.withId(id));
        if (!offers.save(container)) {
            // Posted twice at once: the other request stored it and told subscribers.
            return offers.findJobOffer(id).orElse(container);
        }
        log.info("job offer {} of {} added", id, container.jobCreator());
        events.publish(SolverEvent.of(EventType.JOB_OFFER_ADDED, container));
        loop.trigger();
        return container;
    }

    ResourceOfferContainer addResourceOffer(String signer, ResourceOffer posted) {
        requireValid("resource offer", ModelValidator.validate(posted));
        requireParty(signer, posted.resourceProvider(), "the offer's resource_provider");
        String id = ContentIds.of(posted);
        if (!isFresh(posted.createdAt())) {
            return offers.findResourceOffer(id).orElseThrow(() -> stale(posted.createdAt()));
        }
        if (maxOpenOffers > 0 && offers.countUnmatchedResourceOffersOf(posted.resourceProvider()) >= maxOpenOffers) {
            Optional<ResourceOfferContainer> stored = offers.findResourceOffer(id);
            if (stored.isPresent()) return stored.get();
            throw tooManyOpen("resource", posted.resourceProvider());
        }
        ResourceOfferContainer container = new ResourceOfferContainer(
                id, "", posted.resourceProvider(), AgreementState.DEAL_NEGOTIATING, posted.withId(id));
        if (!offers.save(container)) {
            return offers.findResourceOffer(id).orElse(container);
        }
        log.info("resource offer {} of {} added", id, container.resourceProvider());
        events.publish(SolverEvent.of(EventType.RESOURCE_OFFER_ADDED, container));
        loop.trigger();
        return container;
    }

    JobOfferContainer withdrawJobOffer(String signer, String id) {
        QueryParameters.id("job offer", id);
        JobOfferContainer stored =
                offers.findJobOffer(id).orElseThrow(() -> ProblemException.notFound("no job offer " + id));
        requireParty(signer, stored.jobCreator(), "the offer's job_creator");
        requireUnmatched(stored.dealId(), "job offer " + id);
        if (!offers.withdrawJobOffer(id)) {
            // Matched or withdrawn between the read and the delete.
            throw raced(offers.findJobOffer(id).map(JobOfferContainer::dealId), "job offer " + id);
        }
        log.info("job offer {} withdrawn by {}", id, signer);
        events.publish(SolverEvent.of(EventType.JOB_OFFER_WITHDRAWN, stored));
        loop.trigger();
        return stored;
    }

    ResourceOfferContainer withdrawResourceOffer(String signer, String id) {
        QueryParameters.id("resource offer", id);
        ResourceOfferContainer stored =
                offers.findResourceOffer(id).orElseThrow(() -> ProblemException.notFound("no resource offer " + id));
        requireParty(signer, stored.resourceProvider(), "the offer's resource_provider");
        requireUnmatched(stored.dealId(), "resource offer " + id);
        if (!offers.withdrawResourceOffer(id)) {
            throw raced(offers.findResourceOffer(id).map(ResourceOfferContainer::dealId), "resource offer " + id);
        }
        log.info("resource offer {} withdrawn by {}", id, signer);
        events.publish(SolverEvent.of(EventType.RESOURCE_OFFER_WITHDRAWN, stored));
        loop.trigger();
        return stored;
    }

    JobOfferExplanation explain(String jobOfferId) {
        QueryParameters.id("job offer", jobOfferId);
        JobOfferContainer stored = offers.findJobOffer(jobOfferId)
                .orElseThrow(() -> ProblemException.notFound("no job offer " + jobOfferId));
        return explain(stored.jobOffer());
    }

    JobOfferExplanation explainDryRun(JobOffer posted) {
        requireValid("job offer", ModelValidator.validate(posted));
        return explain(posted.withId(ContentIds.of(posted)));
    }

    /** Judges the job against the resource offers still in play: unmatched, or booked by an open deal. */
    private JobOfferExplanation explain(JobOffer job) {
        Map<String, ResourceOfferContainer> resources = offers.findResourceOffers(ACTIVE_RESOURCES).stream()
                .collect(Collectors.toMap(ResourceOfferContainer::id, Function.identity(), (a, b) -> a));
        Set<String> busy = deals.openResourceOffers();
        Explanation explanation = matcher.explain(
                job,
                resources.values().stream()
                        .map(ResourceOfferContainer::resourceOffer)
                        .toList(),
                busy);
        return new JobOfferExplanation(
                explanation.jobOffer(),
                explanation.verdicts().stream()
                        .map(verdict -> new JobOfferExplanation.Verdict(
                                verdict.resourceOffer(),
                                resources.get(verdict.resourceOffer()).resourceProvider(),
                                verdict.matches(),
                                verdict.failedRule()
                                        .map(rule -> rule.name().toLowerCase(Locale.ROOT))
                                        .orElse(""),
                                verdict.message()))
                        .toList());
    }

    /**
     * An offer must be matchable when it arrives: {@code created_at} (unix milliseconds) neither
     * older than the offer expiry nor further ahead of the solver's clock than a signature may be.
     * An offer stamped in seconds, say, would otherwise expire unseen.
     */
    private boolean isFresh(long createdAt) {
        long now = clock.millis();
        return createdAt >= now - expiry.toMillis() && createdAt <= now + RequestVerifier.DEFAULT_WINDOW.toMillis();
    }

    private ProblemException stale(long createdAt) {
        long now = clock.millis();
        if (createdAt < now - expiry.toMillis()) {
            return ProblemException.invalid(
                    "created_at",
                    "is " + createdAt + ", older than this solver's offer expiry of " + expiry + " (now " + now
                            + "; created_at is unix milliseconds)");
        }
        return ProblemException.invalid(
                "created_at", "is " + createdAt + ", in the future (now " + now + "; check the clock)");
    }

    private static void requireParty(String signer, String party, String role) {
        if (!Addresses.equal(signer, party)) {
            throw ProblemException.forbidden("the signer " + signer + " is not " + role + " " + party);
        }
    }

    /** Why a withdrawal found nothing to delete although the offer was there a moment before. */
    private static ProblemException raced(Optional<String> dealIdNow, String what) {
        if (dealIdNow.isEmpty()) return ProblemException.notFound("no " + what + " (withdrawn or expired just now)");
        return ProblemException.conflict(what + " changed while it was being withdrawn"
                + (dealIdNow.get().isEmpty() ? "; try again" : ": it is in deal " + dealIdNow.get()));
    }

    private static void requireUnmatched(String dealId, String what) {
        if (!dealId.isEmpty()) {
            throw ProblemException.conflict(what + " is in deal " + dealId + " and can no longer be withdrawn");
        }
    }

    private static void requireValid(String what, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(
                    "the " + what + " is not valid: " + violations.size() + " problem"
                            + (violations.size() == 1 ? "" : "s"),
                    violations);
        }
    }
}
