package org.coophive.saas.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.coophive.saas.security.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON bodies larger than {@code coophive.saas.max-json-body} on the API with 413 before
 * anything reads them, and bodies of no declared length (chunked) with 411 (uploads have their own
 * limit, {@code SAAS_UPLOAD_LIMIT}).
 */
@Component
class BodyLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final ProblemWriter problems;

    BodyLimitFilter(@Value("${coophive.saas.max-json-body:64KB}") DataSize limit, ProblemWriter problems) {
        this.limit = limit.toBytes();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase().startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
            // A body without a length (chunked) could be any size: the limit is checked before reading.
            problems.write(
                    response,
                    HttpStatus.LENGTH_REQUIRED,
                    "length-required",
                    "send the request body with a Content-Length (at most " + limit + " bytes)",
                    request.getRequestURI());
            return;
        }
        if (request.getContentLengthLong() > limit) {
            problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-large",
                    "the request body is larger than " + limit + " bytes",
                    request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
