package org.coophive.common.reconcile;

/**
 * The solver's URL could not be found at start: it has not registered one in the Users contract
 * under {@code SERVICE_SOLVER}, or {@code SERVICE_SOLVER_URL} is not an http(s) URL. The message
 * says which; a service stops with it as a one-line report ({@link SolverNotLocatedFailureAnalyzer}).
 */
public class SolverNotLocatedException extends IllegalStateException {

    public SolverNotLocatedException(String message, Throwable cause) {
        super(message, cause);
    }
}
