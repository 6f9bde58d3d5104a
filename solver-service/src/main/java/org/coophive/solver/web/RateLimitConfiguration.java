package org.coophive.solver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.coophive.common.solver.ProblemDetails;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The rate limit of unsigned requests (public lists, reads, the explain dry run), by remote
 * address. Signed requests are limited by their verified signer instead ({@link SignedRequests}).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> unsignedRateLimit(RateLimiter limiter) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (isUnsigned(request)) {
                    try {
                        limiter.acquire("address " + request.getRemoteAddr());
                    } catch (ProblemException e) {
                        ProblemDetails problem =
                                ProblemDetails.of(e.type(), e.getMessage(), request.getRequestURI(), List.of());
                        response.setStatus(e.type().status());
                        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
                        response.setContentType(ProblemBodies.CONTENT_TYPE);
                        response.getOutputStream().write(ProblemBodies.bytes(problem));
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }

    /** The routes that carry no signature (common/SOLVER-API.md): every GET but the file download, and explain. */
    static boolean isUnsigned(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI();
        if ("GET".equals(method) || "HEAD".equals(method)) return !path.endsWith("/files");
        return "POST".equals(method) && path.endsWith("/job_offers/explain");
    }
}
