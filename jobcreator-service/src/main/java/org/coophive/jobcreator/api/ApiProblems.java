package org.coophive.jobcreator.api;

import java.net.URI;
import org.coophive.common.web.ProblemErrorReportValve;
import org.coophive.common.web.StrictJson;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every API error as RFC 9457 Problem Details with a stable type; bad input is a 4xx, never a 500.
 * Spring's own exceptions (unreadable JSON, wrong method, wrong media type, unknown route) are
 * handled by the base class the same way, each with its documented type instead of
 * {@code about:blank}; what Tomcat refuses itself answers Problem Details through common's
 * {@code ProblemErrorReportValve}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    static final String TYPES = "https://coophive.network/problems/";

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ResultsNotReadyException.class)
    ProblemDetail notReady(ResultsNotReadyException e) {
        return problem(HttpStatus.CONFLICT, "results-not-ready", "Results not ready", e.getMessage());
    }

    @ExceptionHandler(InvalidJobException.class)
    ProblemDetail invalidJob(InvalidJobException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-job", "Invalid job", e.getMessage());
        if (!e.violations().isEmpty()) problem.setProperty("errors", e.violations());
        return problem;
    }

    /** A body that is not JSON in UTF-8 (415), or not strictly valid JSON of the request's shape (400). */
    @ExceptionHandler(StrictJson.Refused.class)
    ProblemDetail refusedBody(StrictJson.Refused e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        String slug = ProblemErrorReportValve.slug(e.status());
        ProblemDetail problem = problem(status, slug, ProblemErrorReportValve.title(e.status()), e.getMessage());
        if (!e.errors().isEmpty()) problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + slug));
        problem.setTitle(title);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof org.springframework.web.ErrorResponse response) body = response.getBody();
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(TYPES + ProblemErrorReportValve.slug(status.value())));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : "";
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no route " + path);
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
