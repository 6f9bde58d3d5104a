package org.coophive.saas.security;

import java.util.Collection;
import java.util.List;
import org.coophive.saas.accounts.Account;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The signed-in account, whether through the login form or an API key. */
public record AccountPrincipal(long id, String email, String role, String passwordHash) implements UserDetails {

    static AccountPrincipal of(Account account) {
        return new AccountPrincipal(
                account.getId(),
                account.getEmail(),
                account.getRole(),
                account.getPasswordHash() == null ? "" : account.getPasswordHash());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return Account.ADMIN.equals(role)
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public String toString() {
        return "AccountPrincipal[id=" + id + ", email=" + email + ", role=" + role + "]";
    }
}
