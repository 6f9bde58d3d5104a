package org.coophive.saas.accounts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.coophive.saas.config.SaasProperties;
import org.coophive.saas.credits.CreditLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up and look-ups of accounts. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final CreditLedger ledger;
    private final SaasProperties properties;
    private final Counter signups;

    AccountService(
            AccountRepository accounts,
            PasswordEncoder passwords,
            CreditLedger ledger,
            SaasProperties properties,
            MeterRegistry meters) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.ledger = ledger;
        this.properties = properties;
        this.signups =
                Counter.builder("saas.signups").description("accounts created").register(meters);
    }

    /**
     * Creates an account with a hashed password and grants the sign-up credits.
     *
     * @throws IllegalArgumentException for a malformed address or a weak password
     * @throws AccountExistsException when the address has an account
     */
    @Transactional
    public Account signUp(String email, String password) {
        String canonical = EmailAddresses.canonical(email);
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("the password needs at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("the password may have at most " + MAX_PASSWORD + " characters");
        }
        return create(canonical, passwords.encode(password));
    }

    /** The account of an address signed in through OpenID Connect, created on first sign-in. */
    @Transactional
    public Account findOrCreateExternal(String email) {
        String canonical = EmailAddresses.canonical(email);
        return accounts.findByEmail(canonical).orElseGet(() -> create(canonical, null));
    }

    private Account create(String canonical, String passwordHash) {
        if (accounts.findByEmail(canonical).isPresent()) throw new AccountExistsException(canonical);
        String role = properties.adminEmails().contains(canonical) ? Account.ADMIN : Account.USER;
        Account account;
        try {
            account = accounts.saveAndFlush(new Account(canonical, passwordHash, role));
        } catch (DataIntegrityViolationException e) {
            throw new AccountExistsException(canonical); // A concurrent sign-up won the race.
        }
        if (properties.signupCredits() > 0) {
            ledger.grant(account.getId(), properties.signupCredits(), "sign-up credits");
        }
        signups.increment();
        log.info("Account {} signed up (role {})", account.getId(), role);
        return account;
    }

    public Optional<Account> find(long id) {
        return accounts.findById(id);
    }

    public Optional<Account> findByEmail(String email) {
        try {
            return accounts.findByEmail(EmailAddresses.canonical(email));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Thrown when an address already has an account. */
    public static final class AccountExistsException extends RuntimeException {
        public AccountExistsException(String email) {
            super("an account with this e-mail address exists: " + email);
        }
    }
}
