package org.coophive.saas.web;

import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's frame shows: who is signed in and their credits. */
@ControllerAdvice(basePackageClasses = LayoutAdvice.class)
class LayoutAdvice {

    private final CurrentAccount current;
    private final AccountService accounts;
    private final CreditLedger ledger;

    LayoutAdvice(CurrentAccount current, AccountService accounts, CreditLedger ledger) {
        this.current = current;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    record Me(long id, String email, long credits, boolean admin) {}

    @ModelAttribute
    void me(Authentication authentication, Model model) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) return;
        long id = current.id(authentication);
        accounts.find(id)
                .ifPresent(a -> model.addAttribute("me", new Me(id, a.getEmail(), ledger.balance(id), a.isAdmin())));
    }
}
