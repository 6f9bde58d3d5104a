package org.coophive.saas.api;

import java.time.Instant;
import java.util.List;
import org.coophive.saas.accounts.Account;
import org.coophive.saas.accounts.AccountService;
import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.credits.LedgerEntry;
import org.coophive.saas.keys.ApiKey;
import org.coophive.saas.keys.ApiKeyService;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's account, credit ledger and API keys; the operator's credit grants. */
@RestController
@RequestMapping("/api/v1")
class AccountApi {

    private final AccountService accounts;
    private final CreditLedger ledger;
    private final ApiKeyService keys;
    private final CurrentAccount current;

    AccountApi(AccountService accounts, CreditLedger ledger, ApiKeyService keys, CurrentAccount current) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.keys = keys;
        this.current = current;
    }

    record AccountView(String email, String role, long credits, Instant createdAt) {}

    record KeyView(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(), key.getLastUsedAt());
        }
    }

    /** A new key: {@code key} is shown this once and never again. */
    record CreatedKeyView(long id, String name, String prefix, Instant createdAt, String key) {}

    record CreateKey(String name) {}

    record Grant(String email, Long amount, String note) {}

    @GetMapping("/account")
    AccountView account(Authentication authentication) {
        Account account =
                accounts.find(current.id(authentication)).orElseThrow(() -> new NotFoundException("no account"));
        return new AccountView(
                account.getEmail(), account.getRole(), ledger.balance(account.getId()), account.getCreatedAt());
    }

    @GetMapping("/ledger")
    List<LedgerEntry> ledger(@RequestParam(defaultValue = "100") int limit, Authentication authentication) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be between 1 and 1000");
        return ledger.entries(current.id(authentication), limit);
    }

    @GetMapping("/api_keys")
    List<KeyView> keys(Authentication authentication) {
        return keys.list(current.id(authentication)).stream().map(KeyView::of).toList();
    }

    @PostMapping("/api_keys")
    ResponseEntity<CreatedKeyView> createKey(@RequestBody CreateKey request, Authentication authentication) {
        var created = keys.create(current.id(authentication), request == null ? null : request.name());
        ApiKey key = created.key();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedKeyView(
                        key.getId(), key.getName(), key.getPrefix(), key.getCreatedAt(), created.secret()));
    }

    @DeleteMapping("/api_keys/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, Authentication authentication) {
        if (!keys.revoke(current.id(authentication), id)) throw new NotFoundException("no API key " + id);
        return ResponseEntity.noContent().build();
    }

    /** Administrators only: adds credits to an account. */
    @PostMapping("/admin/credits")
    ResponseEntity<LedgerEntry> grant(@RequestBody Grant request) {
        if (request == null || request.email() == null) throw new IllegalArgumentException("email is required");
        if (request.amount() == null) throw new IllegalArgumentException("amount is required");
        Account account = accounts.findByEmail(request.email())
                .orElseThrow(() -> new NotFoundException("no account with this e-mail address"));
        String note =
                request.note() == null || request.note().isBlank() ? "granted by an administrator" : request.note();
        return ResponseEntity.status(HttpStatus.CREATED).body(ledger.grant(account.getId(), request.amount(), note));
    }
}
