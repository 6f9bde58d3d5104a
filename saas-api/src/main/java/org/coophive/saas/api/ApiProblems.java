package org.coophive.saas.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.coophive.common.web.ProblemErrorReportValve;
import org.coophive.saas.accounts.AccountService.AccountExistsException;
import org.coophive.saas.credits.InsufficientCreditsException;
import org.coophive.saas.files.FileStoreException;
import org.coophive.saas.jobs.JobCreatorUnavailableException;
import org.coophive.saas.jobs.JobNotFoundException;
import org.coophive.saas.modules.InvalidInputException;
import org.coophive.saas.modules.UnknownModuleException;
import org.coophive.saas.security.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 Problem Details for every error of the REST API, with stable type URIs
 * ({@code https://coophive.network/problems/...}). Spring's own request errors (unreadable JSON,
 * wrong method, wrong media type, missing parameters, too large uploads) keep their 4xx status and
 * get the type of that status, the same slugs every service uses ({@code method-not-allowed},
 * {@code unsupported-media-type}, ...).
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String type, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemWriter.TYPES + type));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(InsufficientCreditsException.class)
    ResponseEntity<ProblemDetail> credits(InsufficientCreditsException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response =
                problem(HttpStatus.PAYMENT_REQUIRED, "insufficient-credits", e.getMessage(), request);
        response.getBody().setProperty("balance", e.balance());
        response.getBody().setProperty("cost", e.cost());
        return response;
    }

    @ExceptionHandler(UnknownModuleException.class)
    ResponseEntity<ProblemDetail> module(UnknownModuleException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "unknown-module", e.getMessage(), request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> input(InvalidInputException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage(), request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), request);
    }

    @ExceptionHandler(AccountExistsException.class)
    ResponseEntity<ProblemDetail> exists(AccountExistsException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "account-exists", e.getMessage(), request);
    }

    @ExceptionHandler(JobNotFoundException.class)
    ResponseEntity<ProblemDetail> job(JobNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), request);
    }

    @ExceptionHandler(JobCreatorUnavailableException.class)
    ResponseEntity<ProblemDetail> daemon(JobCreatorUnavailableException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "job-creator-unavailable", e.getMessage(), request);
    }

    @ExceptionHandler(FileStoreException.class)
    ResponseEntity<ProblemDetail> files(FileStoreException e, HttpServletRequest request) {
        return switch (e.reason()) {
            case BAD_PATH -> problem(HttpStatus.BAD_REQUEST, "invalid-path", e.getMessage(), request);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), request);
            case READ_ONLY -> problem(HttpStatus.FORBIDDEN, "read-only", e.getMessage(), request);
            case EXISTS -> problem(HttpStatus.CONFLICT, "exists", e.getMessage(), request);
        };
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "an unexpected error; it was logged", request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return typed(super.handleMaxUploadSizeExceededException(ex, headers, status, request), "too-large");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        return typed(
                super.handleExceptionInternal(ex, body, headers, statusCode, request),
                ProblemErrorReportValve.slug(statusCode.value()));
    }

    private static ResponseEntity<Object> typed(ResponseEntity<Object> response, String type) {
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ProblemWriter.TYPES + type));
        }
        return response;
    }
}
