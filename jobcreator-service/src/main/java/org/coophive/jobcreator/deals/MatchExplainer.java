package org.coophive.jobcreator.deals;

import java.util.Optional;

/**
 * Asks the solver why a job offer is not matched ({@code GET /job_offers/{id}/explain}). An
 * interface so that the engine does not care whether the call is made by {@code SolverClient}
 * (once it has it) or by {@link HttpMatchExplainer}.
 */
@FunctionalInterface
public interface MatchExplainer {

    /** The solver's verdicts, or empty when it cannot say. */
    Optional<MatchExplanation> explain(String jobOfferId);

    /** Never explains. */
    MatchExplainer NONE = id -> Optional.empty();
}
