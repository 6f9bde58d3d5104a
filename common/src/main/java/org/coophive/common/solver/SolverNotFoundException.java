package org.coophive.common.solver;

/** The solver has no such deal, result or files (404). Never retried: asking again gives the same answer. */
public class SolverNotFoundException extends SolverException {

    /** An exception for the answer {@code problem} to {@code request}. */
    public SolverNotFoundException(String request, ProblemDetails problem) {
        super(request, problem);
    }
}
