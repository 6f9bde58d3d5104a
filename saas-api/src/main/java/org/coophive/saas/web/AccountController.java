package org.coophive.saas.web;

import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.keys.ApiKeyService;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Credits, the ledger and API keys. */
@Controller
class AccountController {

    private final CreditLedger ledger;
    private final ApiKeyService keys;
    private final CurrentAccount current;

    AccountController(CreditLedger ledger, ApiKeyService keys, CurrentAccount current) {
        this.ledger = ledger;
        this.keys = keys;
        this.current = current;
    }

    @GetMapping("/account")
    String account(Authentication authentication, Model model) {
        long id = current.id(authentication);
        model.addAttribute("entries", ledger.entries(id, 200));
        model.addAttribute("keys", keys.list(id));
        return "account";
    }

    @PostMapping("/account/keys")
    String create(
            @RequestParam(defaultValue = "") String name, Authentication authentication, RedirectAttributes redirect) {
        try {
            var created = keys.create(current.id(authentication), name);
            // Shown once, on the next page only: a flash attribute lives in the session until then.
            redirect.addFlashAttribute("newKey", created.secret());
            redirect.addFlashAttribute("newKeyName", created.key().getName());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", LoginController.capitalize(e.getMessage()) + ".");
        }
        return "redirect:/account";
    }

    @PostMapping("/account/keys/{id}/revoke")
    String revoke(@PathVariable long id, Authentication authentication, RedirectAttributes redirect) {
        boolean revoked = keys.revoke(current.id(authentication), id);
        redirect.addFlashAttribute(revoked ? "notice" : "error", revoked ? "The key was revoked." : "No such key.");
        return "redirect:/account";
    }
}
