package org.coophive.jobcreator.deals;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a job offer is (not) matched: one verdict per resource offer the solver holds.
 *
 * @param jobOffer the job offer's id
 * @param verdicts one per resource offer, in the order the matcher tries them
 */
public record MatchExplanation(String jobOffer, List<Verdict> verdicts) {

    public MatchExplanation {
        jobOffer = jobOffer == null ? "" : jobOffer;
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }

    /**
     * The verdict on one resource offer.
     *
     * @param resourceOffer its id
     * @param resourceProvider its provider
     * @param matches whether the pair passes every rule
     * @param failedRule the first rule it fails, {@code ""} if it matches
     * @param message the failure in words
     */
    public record Verdict(
            String resourceOffer, String resourceProvider, boolean matches, String failedRule, String message) {

        public Verdict {
            resourceOffer = resourceOffer == null ? "" : resourceOffer;
            resourceProvider = resourceProvider == null ? "" : resourceProvider;
            failedRule = failedRule == null ? "" : failedRule;
            message = message == null ? "" : message;
        }
    }

    /** The explanation in words, one line per resource offer. */
    public String summary() {
        if (verdicts.isEmpty()) return "the solver holds no resource offers: no resource provider is online";
        return verdicts.stream()
                .map(v -> "resource offer " + shortId(v.resourceOffer()) + " of " + v.resourceProvider() + ": "
                        + (v.matches()
                                ? "matches (taken by another job first?)"
                                : v.failedRule() + " - " + v.message()))
                .collect(Collectors.joining("; "));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }
}
