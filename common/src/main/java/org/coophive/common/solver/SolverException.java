package org.coophive.common.solver;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.coophive.common.model.Violation;

/**
 * The solver refused or failed a request. Carries the Problem Details it answered with: status,
 * type, title, detail and, for validation problems, the offending fields. Subclasses name the
 * cases a caller acts on: {@link SolverNotFoundException}, {@link
 * SolverRequestRejectedException}, {@link SolverUnauthorizedException}, {@link
 * SolverConflictException} and {@link SolverUnavailableException}.
 */
public class SolverException extends RuntimeException {

    private final String request;
    private final transient ProblemDetails problem;

    /**
     * An exception for the answer {@code problem} to {@code request}.
     *
     * @param request the request, as {@code "METHOD /path"}
     * @param problem what the solver answered
     */
    public SolverException(String request, ProblemDetails problem) {
        this(request, problem, null);
    }

    /** An exception for the answer {@code problem} to {@code request}, with a cause. */
    public SolverException(String request, ProblemDetails problem, Throwable cause) {
        super(message(request, problem), cause);
        this.request = Objects.requireNonNull(request, "request");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The exception that fits {@code problem}'s status. */
    static SolverException of(String request, ProblemDetails problem) {
        return switch (problem.status()) {
            case 404 -> new SolverNotFoundException(request, problem);
            case 400, 413, 415, 422 -> new SolverRequestRejectedException(request, problem);
            case 401, 403 -> new SolverUnauthorizedException(request, problem);
            case 409 -> new SolverConflictException(request, problem);
            default -> new SolverException(request, problem);
        };
    }

    /** The request that failed, as {@code "METHOD /path"}. */
    public String request() {
        return request;
    }

    /** The Problem Details the solver answered with. */
    public ProblemDetails problem() {
        return problem;
    }

    /** The HTTP status; 0 if no response was received. */
    public int status() {
        return problem.status();
    }

    /**
     * Whether sending the same request again cannot succeed: the solver refused it for what it
     * is (a 4xx other than 408 Request Timeout and 429 Too Many Requests). A caller that retries
     * on its next pass must give up on a final refusal and take another way (post an error
     * result, end the job); anything else (no response, 408, 429, 5xx) is passing.
     */
    public boolean isFinal() {
        return isFinalStatus(status());
    }

    /** The rule of {@link #isFinal()} for a bare HTTP status; the one place that states it. */
    public static boolean isFinalStatus(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** The problem type URI. */
    public String type() {
        return problem.type();
    }

    /** The problem title. */
    public String title() {
        return problem.title();
    }

    /** What happened, as the solver put it; {@code ""} if it did not say. */
    public String detail() {
        return problem.detail();
    }

    /** The fields the solver found invalid, each with its message; empty unless validation failed. */
    public List<Violation> fieldErrors() {
        return problem.errors();
    }

    private static String message(String request, ProblemDetails problem) {
        StringBuilder message = new StringBuilder(request).append(": ");
        if (problem.status() > 0) message.append(problem.status()).append(' ');
        message.append(problem.title());
        if (!problem.detail().isEmpty()) message.append(": ").append(problem.detail());
        if (!problem.errors().isEmpty()) {
            message.append(
                    problem.errors().stream().map(Violation::toString).collect(Collectors.joining("; ", " [", "]")));
        }
        return message.toString();
    }
}
