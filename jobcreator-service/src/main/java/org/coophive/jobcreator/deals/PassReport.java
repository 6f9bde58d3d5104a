package org.coophive.jobcreator.deals;

import java.util.List;
import java.util.Optional;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.solver.SolverUnavailableException;

/**
 * What went wrong in one pass of the engine (nothing, usually). Failures are per job or per
 * listing; the pass carries on past them and the next pass tries again.
 *
 * @param failures the exceptions met
 */
public record PassReport(List<RuntimeException> failures) {

    public PassReport {
        failures = List.copyOf(failures);
    }

    /** The chain could not be reached. */
    public Optional<ChainUnavailableException> chainDown() {
        return failures.stream()
                .filter(ChainUnavailableException.class::isInstance)
                .map(ChainUnavailableException.class::cast)
                .findFirst();
    }

    /** The solver could not be reached. */
    public Optional<SolverUnavailableException> solverDown() {
        return failures.stream()
                .filter(SolverUnavailableException.class::isInstance)
                .map(SolverUnavailableException.class::cast)
                .findFirst();
    }
}
