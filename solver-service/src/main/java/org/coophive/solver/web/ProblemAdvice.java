package org.coophive.solver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.coophive.common.model.Violation;
import org.coophive.common.solver.ProblemDetails;
import org.coophive.common.solver.SolverProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into RFC 9457 Problem Details with the solver's stable {@code type} URIs
 * (common/SOLVER-API.md): {@code instance} is the request path, {@code errors} lists the fields of
 * a validation problem, a 401 carries {@code WWW-Authenticate: CoopHive-Request-V1}. A client's
 * mistake is always a 4xx; a 500 means a solver bug and is logged.
 */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<byte[]> problem(ProblemException e, HttpServletRequest request) {
        ResponseEntity<byte[]> response =
                Problems.response(e.type(), e.getMessage(), request.getRequestURI(), e.errors());
        if (e.retryAfterSeconds() <= 0) return response;
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(response.getBody());
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<byte[]> noRoute(Exception e, HttpServletRequest request) {
        return Problems.response(
                SolverProblemType.NOT_FOUND,
                "no route " + request.getMethod() + " " + request.getRequestURI(),
                request.getRequestURI(),
                List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
        String allow = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        ResponseEntity<byte[]> response = Problems.response(
                SolverProblemType.METHOD_NOT_ALLOWED,
                request.getMethod() + " is not allowed on " + request.getRequestURI() + "; allowed: " + allow,
                request.getRequestURI(),
                List.of());
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header(HttpHeaders.ALLOW, allow)
                .body(response.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> wrongContentType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return Problems.response(
                SolverProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + e.getContentType() + " is not accepted here; send " + e.getSupportedMediaTypes(),
                request.getRequestURI(),
                List.of());
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        ServletRequestBindingException.class,
        HttpMediaTypeNotAcceptableException.class
    })
    ResponseEntity<byte[]> badRequest(Exception e, HttpServletRequest request) {
        String detail = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getName() + " has a bad value: " + mismatch.getValue()
                : e.getMessage();
        List<Violation> errors = e instanceof MethodArgumentTypeMismatchException mismatch
                ? List.of(new Violation(mismatch.getName(), "has a bad value: " + mismatch.getValue()))
                : List.of();
        return Problems.response(SolverProblemType.INVALID_REQUEST, detail, request.getRequestURI(), errors);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<byte[]> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return Problems.response(
                SolverProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), request.getRequestURI(), List.of());
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        // The client closed the connection mid-response: there is nobody to answer.
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> bug(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return Problems.internalError(request.getRequestURI());
    }

    /** Writes the problem bodies; also used by the error controller and the WebSocket handshake. */
    static final class Problems {

        private Problems() {}

        static ResponseEntity<byte[]> response(
                SolverProblemType type, String detail, String instance, List<Violation> errors) {
            ProblemDetails problem = ProblemDetails.of(type, detail, instance, errors);
            ResponseEntity.BodyBuilder builder =
                    ResponseEntity.status(type.status()).header(HttpHeaders.CONTENT_TYPE, ProblemBodies.CONTENT_TYPE);
            if (type == SolverProblemType.UNAUTHORIZED) {
                builder.header(HttpHeaders.WWW_AUTHENTICATE, ProblemBodies.AUTH_SCHEME);
            }
            return builder.body(ProblemBodies.bytes(problem));
        }

        static ResponseEntity<byte[]> internalError(String instance) {
            ProblemDetails problem = ProblemDetails.of(
                    SolverProblemType.INTERNAL_ERROR,
                    "the solver failed; this is a bug, see its log",
                    instance,
                    List.of());
            return ResponseEntity.status(500)
                    .header(HttpHeaders.CONTENT_TYPE, ProblemBodies.CONTENT_TYPE)
                    .body(ProblemBodies.bytes(problem));
        }
    }
}
