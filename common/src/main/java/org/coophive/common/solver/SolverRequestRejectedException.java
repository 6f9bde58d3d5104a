package org.coophive.common.solver;

/** The solver rejected the request as invalid (400, 422) or too large (413); {@link #fieldErrors()} names the offending fields of a validation failure. Never retried. */
public class SolverRequestRejectedException extends SolverException {

    /** An exception for the answer {@code problem} to {@code request}. */
    public SolverRequestRejectedException(String request, ProblemDetails problem) {
        super(request, problem);
    }
}
