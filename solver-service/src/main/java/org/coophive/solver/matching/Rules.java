package org.coophive.solver.matching;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;

/**
 * The pair rules of a match, for one solver. They depend only on the two offers' contents, which
 * their content ids name, so a pair is re-evaluated on every pass instead of remembering
 * rejections: a changed offer is a new id and gets a fresh chance, an unchanged pair gets the same
 * answer. Not thread-safe (it caches module ids); use one per pass.
 */
final class Rules {

    private final String solver;
    private final Map<ModuleConfig, String> moduleIds = new HashMap<>();

    Rules(String solver) {
        this.solver = solver;
    }

    /** Whether the offer names this solver; offers naming another never match here. */
    boolean namesThisSolver(JobOffer job) {
        return Addresses.equal(job.trustedParties().solver(), solver);
    }

    boolean namesThisSolver(ResourceOffer offer) {
        return Addresses.equal(offer.trustedParties().solver(), solver);
    }

    /** The first content rule the pair fails, or {@code null} if it matches. */
    MatchRule firstFailure(JobOffer job, ResourceOffer offer) {
        if (!namesThisSolver(job) || !namesThisSolver(offer)) return MatchRule.SOLVER;
        Optional<MachineSpec.Shortfall> shortfall = offer.spec().shortfall(job.spec());
        if (shortfall.isPresent()) return MatchRule.of(shortfall.get().resource());
        return termsFailure(job, offer);
    }

    /** The first failing rule after the solver and spec rules, or {@code null}. */
    MatchRule termsFailure(JobOffer job, ResourceOffer offer) {
        if (job.spec().network() && !offer.spec().network()) return MatchRule.NETWORK;
        if (offer.spec().privileges().missing(job.spec().privileges()).isPresent()) return MatchRule.PRIVILEGES;
        if (!offer.modules().isEmpty() && !offer.modules().contains(moduleId(job))) return MatchRule.MODULE;
        if (offer.mode() != PricingMode.FIXED_PRICE) return MatchRule.MARKET_PRICE_RP;
        if (!affordable(job, offer)) return MatchRule.PRICE;
        if (mutualMediators(job, offer).isEmpty()) return MatchRule.MEDIATORS;
        return null;
    }

    static boolean affordable(JobOffer job, ResourceOffer offer) {
        return job.mode() != PricingMode.FIXED_PRICE
                || price(offer).compareTo(job.pricing().instructionPrice()) <= 0;
    }

    static BigInteger price(ResourceOffer offer) {
        return offer.defaultPricing().instructionPrice();
    }

    /** Mediators both offers trust, in the resource offer's order and spelling, without repeats. */
    static List<String> mutualMediators(JobOffer job, ResourceOffer offer) {
        List<String> mutual = new ArrayList<>(1);
        for (String mediator : offer.trustedParties().mediators()) {
            if (mutual.stream().noneMatch(m -> Addresses.equal(m, mediator))
                    && job.trustedParties().mediators().stream().anyMatch(m -> Addresses.equal(m, mediator))) {
                mutual.add(mediator);
            }
        }
        return mutual;
    }

    String moduleId(JobOffer job) {
        return moduleIds.computeIfAbsent(job.module(), ContentIds::of);
    }

    /** A sentence saying why the pair fails the rule. */
    String message(MatchRule rule, JobOffer job, ResourceOffer offer) {
        return switch (rule) {
            case EXPIRED -> "an offer is older than the offer expiry";
            case BUSY -> "the resource offer is already booked by a deal";
            case SOLVER -> "the job offer names solver " + job.trustedParties().solver() + ", the resource offer "
                    + offer.trustedParties().solver() + ", this solver is " + solver;
            case CPU, GPU, RAM, GPU_MEMORY, DISK -> offer.spec()
                    .shortfall(job.spec())
                    .map(MachineSpec.Shortfall::message)
                    .orElse("the offer has all the job needs");
            case NETWORK -> "the job's module asks for network access, and this provider does not allow"
                    + " networking (its OFFER_NETWORK is off)";
            case PRIVILEGES -> "the job's module asks for "
                    + job.spec().privileges().describe() + ", and this provider does not grant "
                    + offer.spec().privileges().missing(job.spec().privileges()).orElse("-")
                    + " (its EXECUTOR_PRIVILEGES grants "
                    + offer.spec().privileges().describe() + ")";
            case MODULE -> "the offer runs only modules " + offer.modules() + ", not " + moduleId(job);
            case MARKET_PRICE_RP -> "the offer is not fixed-price (mode " + offer.mode()
                    + "); market-priced resource offers are not supported";
            case PRICE -> "pays " + job.pricing().instructionPrice() + " wei per instruction, offer asks "
                    + price(offer);
            case MEDIATORS -> "no mediator in common: job trusts "
                    + job.trustedParties().mediators() + ", offer trusts "
                    + offer.trustedParties().mediators();
        };
    }
}
