package org.coophive.saas.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coophive.saas.config.SaasProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles password guessing: after {@code SAAS_LOGIN_ATTEMPTS} failed logins for one account,
 * or four times as many from one client address, within {@code SAAS_LOGIN_WINDOW}, further logins
 * for it are refused (without checking the password) until the window has passed. A successful
 * login clears the account's count. Kept in memory: a restart forgives, which is acceptable for a
 * brake on guessing.
 */
@Component
public class LoginThrottle implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_TRACKED = 100_000;

    private final int perAccount;
    private final int perAddress;
    private final java.time.Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final SavedRequestAwareAuthenticationSuccessHandler success =
            new SavedRequestAwareAuthenticationSuccessHandler();

    @Autowired
    LoginThrottle(SaasProperties properties) {
        this(properties, Clock.systemUTC());
    }

    LoginThrottle(SaasProperties properties, Clock clock) {
        this.perAccount = properties.loginAttempts();
        this.perAddress = properties.loginAttempts() * 4;
        this.window = properties.loginWindow();
        this.clock = clock;
        success.setDefaultTargetUrl("/");
    }

    /** Whether a login for this e-mail address from this client address may be tried now. */
    public boolean allowed(String email, String address) {
        return count(accountKey(email)) < perAccount && count(addressKey(address)) < perAddress;
    }

    public void failed(String email, String address) {
        if (failures.size() > MAX_TRACKED) failures.clear(); // A flood of names: start over rather than grow.
        record(accountKey(email));
        record(addressKey(address));
    }

    public void succeeded(String email) {
        failures.remove(accountKey(email));
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        failed(request.getParameter("email"), request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + "/login?error");
    }

    void onSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        succeeded(authentication.getName());
        success.onAuthenticationSuccess(request, response, authentication);
    }

    /** Refuses a throttled login before the password is checked. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("POST".equals(request.getMethod())
                        && "/login".equals(request.getServletPath())
                        && !allowed(request.getParameter("email"), request.getRemoteAddr())) {
                    log.warn("Login throttled for a client at {}", request.getRemoteAddr());
                    response.sendRedirect(request.getContextPath() + "/login?throttled");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private int count(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) return 0;
        synchronized (times) {
            Instant horizon = clock.instant().minus(window);
            while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) times.pollFirst();
            return times.size();
        }
    }

    private void record(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.instant());
            while (times.size() > perAddress + 1) times.pollFirst();
        }
    }

    private static String accountKey(String email) {
        return "account:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
