package org.coophive.saas.security;

import org.coophive.saas.accounts.AccountService;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;

/** The account id behind an authenticated request: form login, API key or OpenID Connect. */
@Component
public class CurrentAccount {

    private final AccountService accounts;

    CurrentAccount(AccountService accounts) {
        this.accounts = accounts;
    }

    public long id(Authentication authentication) {
        if (authentication == null) throw new InsufficientAuthenticationException("not signed in");
        Object principal = authentication.getPrincipal();
        if (principal instanceof AccountPrincipal account) return account.id();
        if (principal instanceof OAuth2User user) {
            Object email = user.getAttributes().get("email");
            if (email == null)
                throw new InsufficientAuthenticationException("the identity provider gave no e-mail address");
            return accounts.findOrCreateExternal(email.toString()).getId();
        }
        throw new InsufficientAuthenticationException("not signed in");
    }
}
