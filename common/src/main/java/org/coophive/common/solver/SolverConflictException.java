package org.coophive.common.solver;

/** The request contradicts what the solver holds (409), for example a result whose data id is not that of the uploaded files. Never retried. */
public class SolverConflictException extends SolverException {

    /** An exception for the answer {@code problem} to {@code request}. */
    public SolverConflictException(String request, ProblemDetails problem) {
        super(request, problem);
    }
}
