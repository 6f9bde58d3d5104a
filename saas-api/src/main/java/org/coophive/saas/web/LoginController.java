package org.coophive.saas.web;

import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.accounts.AccountService.AccountExistsException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class LoginController {

    private final AccountService accounts;
    private final org.springframework.beans.factory.ObjectProvider<
                    org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
            oidc;

    LoginController(
            AccountService accounts,
            org.springframework.beans.factory.ObjectProvider<
                            org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
                    oidc) {
        this.accounts = accounts;
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String login(Authentication authentication, Model model) {
        if (signedIn(authentication)) return "redirect:/";
        model.addAttribute("oidc", oidc.getIfAvailable() != null);
        return "login";
    }

    @GetMapping("/signup")
    String signupForm(Authentication authentication) {
        return signedIn(authentication) ? "redirect:/" : "signup";
    }

    @PostMapping("/signup")
    String signup(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm,
            Model model,
            RedirectAttributes redirect) {
        model.addAttribute("email", email.length() > 320 ? "" : email);
        if (!password.equals(confirm)) {
            model.addAttribute("error", "The two passwords differ.");
            return "signup";
        }
        try {
            accounts.signUp(email, password);
        } catch (IllegalArgumentException | AccountExistsException e) {
            model.addAttribute("error", capitalize(e.getMessage()) + ".");
            return "signup";
        }
        redirect.addFlashAttribute("notice", "Your account is ready: log in.");
        redirect.addFlashAttribute("email", email.strip());
        return "redirect:/login";
    }

    private static boolean signedIn(Authentication authentication) {
        return authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    static String capitalize(String text) {
        return text == null || text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
