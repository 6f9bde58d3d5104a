package org.coophive.jobcreator.deals;

import java.util.Optional;
import java.util.stream.Collectors;
import org.coophive.common.solver.JobOfferExplanation;
import org.coophive.common.solver.SolverClient;
import org.slf4j.LoggerFactory;

/**
 * Asks the solver why a job offer is not matched ({@code GET /job_offers/{id}/explain}), in common's
 * {@link JobOfferExplanation}. An interface so that the engine's tests can answer by hand.
 */
@FunctionalInterface
public interface MatchExplainer {

    /** The solver's verdicts, or empty when it cannot say. */
    Optional<JobOfferExplanation> explain(String jobOfferId);

    /** Never explains. */
    MatchExplainer NONE = id -> Optional.empty();

    /** The solver's own explanation, through its client. */
    static MatchExplainer of(SolverClient solver) {
        return id -> {
            try {
                return Optional.of(solver.explainJobOffer(id));
            } catch (RuntimeException e) {
                // An explanation is a courtesy: without it the user is still told there was no match.
                LoggerFactory.getLogger(MatchExplainer.class).debug("explain {} failed: {}", id, e.toString());
                return Optional.empty();
            }
        };
    }

    /** The explanation in words, one clause per resource offer. */
    static String summary(JobOfferExplanation explanation) {
        if (explanation.resourceOffers().isEmpty()) {
            return "the solver holds no resource offers: no resource provider is online";
        }
        return explanation.resourceOffers().stream()
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
