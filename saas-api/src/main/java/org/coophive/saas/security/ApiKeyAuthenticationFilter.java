package org.coophive.saas.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.keys.ApiKey;
import org.coophive.saas.keys.ApiKeyService;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <API key>} on the REST API. A request without the header goes on
 * unauthenticated (public endpoints answer, others 401); a wrong or revoked key is refused at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeyService keys;
    private final AccountService accounts;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(ApiKeyService keys, AccountService accounts, ProblemWriter problems) {
        this.keys = keys;
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "use Authorization: Bearer <API key>",
                    request.getRequestURI());
            return;
        }
        Optional<AccountPrincipal> principal = keys.authenticate(
                        header.substring(7).strip())
                .map(ApiKey::getAccountId)
                .flatMap(accounts::find)
                .map(AccountPrincipal::of);
        if (principal.isEmpty()) {
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "the API key is not valid (wrong or revoked)",
                    request.getRequestURI());
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                principal.get(), null, principal.get().getAuthorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
