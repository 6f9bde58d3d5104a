package org.coophive.jobcreator.deals;

import java.util.Optional;
import org.coophive.common.solver.JobOfferExplanation;
import org.coophive.common.solver.SolverClient;
import org.slf4j.LoggerFactory;

/**
 * Asks the solver why a job offer is not matched ({@code GET /job_offers/{id}/explain}). An
 * interface so that the engine's tests can answer by hand.
 */
@FunctionalInterface
public interface MatchExplainer {

    /** The solver's verdicts, or empty when it cannot say. */
    Optional<MatchExplanation> explain(String jobOfferId);

    /** Never explains. */
    MatchExplainer NONE = id -> Optional.empty();

    /** The solver's own explanation, through its client. */
    static MatchExplainer of(SolverClient solver) {
        return id -> {
            try {
                JobOfferExplanation explanation = solver.explainJobOffer(id);
                return Optional.of(new MatchExplanation(
                        explanation.jobOffer(),
                        explanation.resourceOffers().stream()
                                .map(v -> new MatchExplanation.Verdict(
                                        v.resourceOffer(),
                                        v.resourceProvider(),
                                        v.matches(),
                                        v.failedRule(),
                                        v.message()))
                                .toList()));
            } catch (RuntimeException e) {
                // An explanation is a courtesy: without it the user is still told there was no match.
                LoggerFactory.getLogger(MatchExplainer.class).debug("explain {} failed: {}", id, e.toString());
                return Optional.empty();
            }
        };
    }
}
