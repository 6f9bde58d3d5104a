package org.coophive.jobcreator.api;

import java.net.URI;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 9457 Problem Details with a stable type; bad input is a 4xx, never a 500.
 * Spring's own exceptions (unreadable JSON, wrong method, wrong media type) are handled by the
 * base class the same way.
 */
@RestControllerAdvice(assignableTypes = JobController.class)
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
}
