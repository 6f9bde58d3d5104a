package org.coophive.common.solver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;

/** Turns an error response, whatever its body, into {@link ProblemDetails}. */
final class Problems {

    /** How much of an error body is read; a Problem Details object is far smaller. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private static final int MAX_DETAIL = 300;

    private Problems() {}

    /**
     * The problem an error response describes. A Problem Details (or JSON) body is read as such; any
     * other body, e.g. a proxy's HTML page, becomes the detail of an {@code about:blank} problem.
     * The HTTP status wins over a status in the body.
     */
    static ProblemDetails read(int status, String contentType, byte[] body, String path) {
        if (contentType.toLowerCase(Locale.ROOT).contains("json") && body.length > 0) {
            try {
                ProblemDetails problem = SolverJson.MAPPER.readValue(body, ProblemDetails.class);
                return new ProblemDetails(
                        problem.type(),
                        problem.title().isEmpty() ? reason(status) : problem.title(),
                        status,
                        problem.detail(),
                        problem.instance().isEmpty() ? path : problem.instance(),
                        problem.errors());
            } catch (JacksonException e) {
                // Not a Problem Details object after all: fall through and show the body as text.
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_DETAIL) text = text.substring(0, MAX_DETAIL) + "...";
        return new ProblemDetails(ProblemDetails.ABOUT_BLANK, reason(status), status, text, path, List.of());
    }

    /** A problem standing for a request that got no response. */
    static ProblemDetails noResponse(String path, Throwable failure) {
        return new ProblemDetails(
                ProblemDetails.ABOUT_BLANK, "No response from the solver", 0, String.valueOf(failure), path, List.of());
    }

    /** A problem standing for a 2xx response whose body the client cannot read. */
    static ProblemDetails unreadable(int status, String path, Exception failure) {
        return new ProblemDetails(
                ProblemDetails.ABOUT_BLANK,
                "Unreadable response from the solver",
                status,
                failure.getMessage(),
                path,
                List.of());
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }
}
