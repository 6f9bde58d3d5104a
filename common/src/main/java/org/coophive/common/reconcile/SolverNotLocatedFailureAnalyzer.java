package org.coophive.common.reconcile;

import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SolverLocator;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A service whose solver cannot be found stops with one line saying why, not a stack trace. */
public class SolverNotLocatedFailureAnalyzer extends AbstractFailureAnalyzer<SolverNotLocatedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SolverNotLocatedException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Start the solver on this chain, or fix " + ServiceParties.SOLVER + " or " + SolverLocator.SOLVER_URL
                        + ".",
                cause);
    }
}
