package org.coophive.jobcreator.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The job API requires {@code Authorization: Bearer <JOBCREATOR_API_TOKEN>}; anything else is a
 * 401 Problem Details. Actuator endpoints are not behind it.
 */
@Component
@ConditionalOnProperty(name = "coophive.jobcreator.api-enabled", havingValue = "true", matchIfMissing = true)
class ApiTokenFilter extends OncePerRequestFilter {

    private final byte[] token;

    ApiTokenFilter(@Value("${coophive.jobcreator.api-token:}") String token) {
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : "";
        // A server without a token refuses everyone (the daemon does not start that way; a test slice may).
        if (token.length == 0 || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"jobcreator\"");
            response.setCharacterEncoding("UTF-8");
            response.setContentType("application/problem+json");
            String detail =
                    header == null ? "an Authorization: Bearer token is required" : "the bearer token is not valid";
            response.getWriter()
                    .write("{\"type\":\"" + ApiProblems.TYPES
                            + "unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"" + detail + "\",\"instance\":\""
                            + request.getRequestURI().replace("\"", "")
                            + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
