package org.coophive.common.solver;

/** The solver refused the signature (401: missing, stale, replayed or not verifying; see {@code SIGNING.md}) or the signer is not the party the route requires (403). Never retried. */
public class SolverUnauthorizedException extends SolverException {

    /** An exception for the answer {@code problem} to {@code request}. */
    public SolverUnauthorizedException(String request, ProblemDetails problem) {
        super(request, problem);
    }
}
