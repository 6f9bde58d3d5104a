package org.coophive.common.solver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.coophive.common.model.Violation;

/**
 * An RFC 9457 Problem Details object as the solver answers it ({@code
 * application/problem+json}). Members other than these are ignored when reading.
 *
 * @param type a URI naming the kind of problem, {@code about:blank} when the response had none
 *     ({@link SolverProblemType} lists the solver's)
 * @param title a short summary of the type
 * @param status the HTTP status
 * @param detail what happened in this case, {@code ""} if not given
 * @param instance the request path, {@code ""} if not given
 * @param errors for validation problems, one entry per offending field; otherwise empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProblemDetails(
        String type, String title, int status, String detail, String instance, List<Violation> errors) {

    /** The type of a problem that names none (RFC 9457 §4.2.1). */
    public static final String ABOUT_BLANK = "about:blank";

    public ProblemDetails {
        type = type == null || type.isBlank() ? ABOUT_BLANK : type;
        title = title == null ? "" : title;
        detail = detail == null ? "" : detail;
        instance = instance == null ? "" : instance;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem of one of the solver's types. */
    public static ProblemDetails of(SolverProblemType type, String detail, String instance, List<Violation> errors) {
        return new ProblemDetails(type.uri().toString(), type.title(), type.status(), detail, instance, errors);
    }

    /** The solver's type of this problem, if it is one of them. */
    public Optional<SolverProblemType> solverType() {
        return SolverProblemType.ofUri(type);
    }
}
