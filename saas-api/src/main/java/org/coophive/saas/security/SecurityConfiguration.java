package org.coophive.saas.security;

import jakarta.servlet.DispatcherType;
import org.coophive.saas.accounts.AccountRepository;
import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.keys.ApiKeyService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two doors: the REST API ({@code /api/**}: API keys as bearer tokens, no session, no cookies, so
 * no CSRF) and the web UI (form login or OpenID Connect, a session cookie, CSRF tokens on every
 * form).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(AccountRepository accounts) {
        return email -> accounts.findByEmail(email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT))
                .filter(a -> a.getPasswordHash() != null)
                .map(AccountPrincipal::of)
                .orElseThrow(() -> new UsernameNotFoundException("no account"));
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiKeyService keys, AccountService accounts, ProblemWriter problems)
            throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(keys, accounts, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/modules", "/api/v1/modules/*", "/api/v1/openapi.yaml")
                        .permitAll()
                        .requestMatchers("/api/v1/admin/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problems.write(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "this endpoint needs Authorization: Bearer <API key>",
                                request.getRequestURI()))
                        .accessDeniedHandler((request, response, ex) -> problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "this endpoint is for administrators",
                                request.getRequestURI())));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(
            HttpSecurity http, LoginThrottle throttle, ObjectProvider<ClientRegistrationRepository> oidc)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/login", "/signup", "/css/**", "/img/**", "/js/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .failureHandler(throttle)
                        .successHandler(throttle::onSuccess)
                        .permitAll())
                .addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .deleteCookies("SAAS_SESSION"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                        + " frame-ancestors 'none'; form-action 'self'"))
                        .frameOptions(frame -> frame.deny()));
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(login -> login.loginPage("/login").defaultSuccessUrl("/", false));
        }
        return http.build();
    }
}
