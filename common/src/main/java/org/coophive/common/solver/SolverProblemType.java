package org.coophive.common.solver;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Problem Details {@code type}s the solver answers with, each with its status and title
 * (see {@code common/SOLVER-API.md}). The solver service writes them; the client reads them.
 */
public enum SolverProblemType {
    /** Malformed JSON, a validation failure, a bad query parameter. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** The signature headers are missing, malformed, stale, replayed or do not verify. */
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    /** The signature verifies, but the signer is not the party the route requires. */
    FORBIDDEN("forbidden", 403, "Forbidden"),
    /** No such deal, result or files. */
    NOT_FOUND("not-found", 404, "Not found"),
    /** The route exists but not with this method; the {@code Allow} header lists the methods. */
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    /** The body's {@code Content-Type} is not the one the route takes. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    /** The request contradicts what the solver holds. */
    CONFLICT("conflict", 409, "Conflict"),
    /** The body is larger than the solver accepts. */
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    /**
     * The client sent more requests than its rate allows, or holds as many open offers as one
     * address may; {@code Retry-After} says when to come back. Passing: retried.
     */
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    /** The solver failed: a bug, never bad input; its log says more. */
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    /** What every type URI starts with. */
    public static final String BASE = "https://coophive.network/problems/";

    private final String slug;
    private final int status;
    private final String title;

    SolverProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The last segment of the type URI, e.g. {@code not-found}. */
    public String slug() {
        return slug;
    }

    /** The HTTP status answered with this type. */
    public int status() {
        return status;
    }

    /** The fixed {@code title} of this type. */
    public String title() {
        return title;
    }

    /** The stable {@code type} URI. */
    public URI uri() {
        return URI.create(BASE + slug);
    }

    /** The type whose URI is {@code type}, if it is one of these. */
    public static Optional<SolverProblemType> ofUri(String type) {
        return Arrays.stream(values()).filter(t -> (BASE + t.slug).equals(type)).findFirst();
    }
}
