package org.coophive.solver.web;

import java.util.List;
import java.util.Objects;
import org.coophive.common.model.Violation;
import org.coophive.common.solver.SolverProblemType;

/**
 * Ends a request with a Problem Details answer of one of the solver's {@link SolverProblemType}s.
 * Features throw it; {@link ProblemAdvice} writes it. The detail names the id or address involved.
 */
public class ProblemException extends RuntimeException {

    private final SolverProblemType type;
    private final transient List<Violation> errors;
    private long retryAfterSeconds;

    public ProblemException(SolverProblemType type, String detail, List<Violation> errors) {
        this(type, detail, errors, null);
    }

    public ProblemException(SolverProblemType type, String detail, List<Violation> errors, Throwable cause) {
        super(detail, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.errors = List.copyOf(errors);
    }

    /** 400: the body or query is not valid; one error per offending field. */
    public static ProblemException invalid(String detail, List<Violation> errors) {
        return new ProblemException(SolverProblemType.INVALID_REQUEST, detail, errors);
    }

    /** 400 for one field. */
    public static ProblemException invalid(String field, String message) {
        return invalid(field + " " + message, List.of(new Violation(field, message)));
    }

    /** 401: the signature headers do not verify. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(SolverProblemType.UNAUTHORIZED, detail, List.of());
    }

    /** 403: the signer is not the party the route requires. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(SolverProblemType.FORBIDDEN, detail, List.of());
    }

    /** 404: no such deal, offer, result or files. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(SolverProblemType.NOT_FOUND, detail, List.of());
    }

    /** 409: the request contradicts what is stored. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(SolverProblemType.CONFLICT, detail, List.of());
    }

    /** 413: the body is larger than accepted. */
    public static ProblemException tooLarge(String detail) {
        return new ProblemException(SolverProblemType.PAYLOAD_TOO_LARGE, detail, List.of());
    }

    /** 415: the body's content type is not the route's. */
    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(SolverProblemType.UNSUPPORTED_MEDIA_TYPE, detail, List.of());
    }

    /** 429: come back after {@code retryAfterSeconds} (the {@code Retry-After} header). */
    public static ProblemException tooMany(String detail, long retryAfterSeconds) {
        ProblemException e = new ProblemException(SolverProblemType.TOO_MANY_REQUESTS, detail, List.of());
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    /** Seconds for {@code Retry-After}, 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public SolverProblemType type() {
        return type;
    }

    public List<Violation> errors() {
        return errors;
    }
}
