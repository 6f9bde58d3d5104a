package org.coophive.faucet.web;

import java.net.URI;
import org.coophive.common.chain.ChainException;
import org.coophive.faucet.drips.DripFailedException;
import org.coophive.faucet.drips.FaucetLowException;
import org.coophive.faucet.drips.InvalidAddressException;
import org.coophive.faucet.drips.LimitReachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 9457 Problem Details with a stable type
 * ({@code https://coophive.network/problems/faucet/<slug>}); a client's mistake is a 4xx, never a
 * 500. A refusal by a limit is 429 with {@code Retry-After} (seconds) and {@code retry_at}.
 */
@RestControllerAdvice(assignableTypes = DripController.class)
class FaucetProblems extends ResponseEntityExceptionHandler {

    static final String TYPES = "https://coophive.network/problems/faucet/";

    private static final Logger log = LoggerFactory.getLogger(FaucetProblems.class);

    @ExceptionHandler(InvalidAddressException.class)
    ProblemDetail invalidAddress(InvalidAddressException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-address", "Not an address the faucet sends to", e);
        problem.setProperty("reason", e.reason());
        return problem;
    }

    @ExceptionHandler(LimitReachedException.class)
    ResponseEntity<ProblemDetail> limitReached(LimitReachedException e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "limit-reached", "Come back later", e);
        problem.setProperty("limit", e.limit().code());
        problem.setProperty("retry_at", e.retryAt().toString());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(FaucetLowException.class)
    ProblemDetail low(FaucetLowException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "faucet-low", "The faucet is running low", e);
    }

    @ExceptionHandler(DripFailedException.class)
    ProblemDetail failed(DripFailedException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "drip-failed", "The chain failed the drip", e);
        problem.setProperty("transactions", e.sent());
        return problem;
    }

    @ExceptionHandler(ChainException.class)
    ProblemDetail chain(ChainException e) {
        log.warn("the chain failed a request: {}", e.getMessage());
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "chain-unavailable",
                "The chain does not answer",
                "the faucet cannot reach its chain node right now (" + e.getMessage()
                        + "); nothing was sent, try again in a minute");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                "the body must be JSON like {\"address\": \"0x...\"}");
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, Exception e) {
        return problem(status, slug, title, e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + slug));
        problem.setTitle(title);
        return problem;
    }
}
