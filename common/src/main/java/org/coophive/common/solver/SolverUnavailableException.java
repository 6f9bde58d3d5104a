package org.coophive.common.solver;

import java.util.Optional;

/**
 * The solver could not be reached, or kept answering 429, 502, 503 or 504, until the client's
 * retries ran out ({@link SolverClientSettings#maxAttempts()}), or it asked to be left alone for
 * longer than the client waits ({@code Retry-After} above {@link
 * SolverClientSettings#maxBackoff()}). Worth trying again later, e.g. on a service's next pass.
 * {@link #status()} is the last status received, 0 if no response came.
 */
public class SolverUnavailableException extends SolverException {

    private final int attempts;

    /**
     * An exception after {@code attempts} attempts.
     *
     * @param request the request, as {@code "METHOD /path"}
     * @param problem the last answer, or one describing the failure when there was none
     * @param attempts how many times the request was sent
     * @param cause the last connection failure, or {@code null}
     */
    public SolverUnavailableException(String request, ProblemDetails problem, int attempts, Throwable cause) {
        super(request, problem, cause);
        this.attempts = attempts;
    }

    /** How many times the request was sent before giving up. */
    public int attempts() {
        return attempts;
    }

    /** The last connection failure, if the last attempt got no response. */
    public Optional<Throwable> connectionFailure() {
        return Optional.ofNullable(getCause());
    }
}
