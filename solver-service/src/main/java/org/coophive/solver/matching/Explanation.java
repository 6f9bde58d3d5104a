package org.coophive.solver.matching;

import java.util.List;
import java.util.Optional;

/**
 * Why a job offer would or would not match each resource offer, for users whose job waits.
 *
 * @param jobOffer the job offer's id
 * @param verdicts one per resource offer, in the order the matcher would try them (cheapest
 *     first), so the first matching verdict names the offer the job would get
 */
public record Explanation(String jobOffer, List<Verdict> verdicts) {

    public Explanation {
        verdicts = List.copyOf(verdicts);
    }

    /**
     * The verdict on one resource offer.
     *
     * @param resourceOffer the resource offer's id
     * @param failedRule the first rule the pair fails, empty if it would match
     * @param message what failed in words, e.g. "needs 2000 milli-CPU, offer has 1000"; "matches"
     *     if nothing failed
     */
    public record Verdict(String resourceOffer, Optional<MatchRule> failedRule, String message) {

        /** Whether the pair passes every rule. */
        public boolean matches() {
            return failedRule.isEmpty();
        }
    }
}
