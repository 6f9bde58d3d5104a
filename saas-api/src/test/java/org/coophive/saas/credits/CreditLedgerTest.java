package org.coophive.saas.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.coophive.saas.testing.SaasTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class CreditLedgerTest extends SaasTestBase {

    @Autowired
    CreditLedger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    private UUID job(long account) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into job (id, account_id, module, module_ref, inputs, credits, status) values (?, ?, 'cowsay', 'cowsay:v0.0.1', '{}', 3, 'ACTIVE')",
                id,
                account);
        return id;
    }

    @Test
    void shouldGrantSignupCreditsToNewAccounts() {
        User user = newUser();

        assertThat(ledger.balance(user.id())).isEqualTo(10);
        assertThat(ledger.entries(user.id(), 10)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("GRANT");
            assertThat(e.balanceAfter()).isEqualTo(10);
        });
    }

    @Test
    void shouldDebitAndRefundAJobOnceOnly() {
        User user = newUser();
        UUID job = job(user.id());

        transactions.executeWithoutResult(s -> ledger.debit(user.id(), 3, job, "job"));
        assertThat(ledger.refund(job, "no match")).isPresent();
        assertThat(ledger.refund(job, "no match again")).isEmpty();

        assertThat(ledger.balance(user.id())).isEqualTo(10);
        assertThat(ledger.entries(user.id(), 10))
                .extracting(LedgerEntry::amount)
                .containsExactly(3L, -3L, 10L);
    }

    @Test
    void shouldRefuseADebitTheBalanceDoesNotCoverAndChangeNothing() {
        User user = newUser();
        UUID job = job(user.id());

        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> ledger.debit(user.id(), 11, job, "job")))
                .isInstanceOf(InsufficientCreditsException.class)
                .hasMessageContaining("costs 11 credits and the balance is 10");
        assertThat(ledger.balance(user.id())).isEqualTo(10);
        assertThat(ledger.entries(user.id(), 10)).hasSize(1);
    }

    @Test
    void shouldKeepTheLedgerAppendOnlyAndTheBalanceNonNegativeInTheDatabase() {
        User user = newUser();

        assertThatThrownBy(() -> jdbc.update("update ledger_entry set amount = 1000 where account_id = ?", user.id()))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from ledger_entry where account_id = ?", user.id()))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.update("update account set balance = -1 where id = ?", user.id()))
                .isInstanceOf(DataAccessException.class);
        assertThat(ledger.balance(user.id())).isEqualTo(10);
    }

    @Test
    void shouldRefuseGrantsThatAreNotPositive() {
        User user = newUser();

        assertThatThrownBy(() -> ledger.grant(user.id(), 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.grant(user.id(), -5, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.balance(user.id())).isEqualTo(10);
    }

    @Test
    void shouldLetOnlyAdministratorsGrantCreditsThroughTheApi() {
        User user = newUser();
        var adminAccount = accounts.findByEmail("admin@example.org")
                .orElseGet(() -> accounts.signUp("admin@example.org", "admin password 123"));
        User admin = new User(
                adminAccount.getId(),
                "admin@example.org",
                keys.create(adminAccount.getId(), "ops").secret());
        String body = "{\"email\":\"" + user.email() + "\",\"amount\":25,\"note\":\"welcome\"}";

        var refused = post(user, "/api/v1/admin/credits", body);
        var granted = post(admin, "/api/v1/admin/credits", body);
        var negative = post(admin, "/api/v1/admin/credits", "{\"email\":\"" + user.email() + "\",\"amount\":-5}");
        var nobody = post(admin, "/api/v1/admin/credits", "{\"email\":\"nobody@example.org\",\"amount\":5}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(granted.statusCode()).isEqualTo(201);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(ledger.balance(user.id())).isEqualTo(35);
        assertThat(get(user, "/api/v1/account").body()).contains("\"credits\":35");
        assertThat(get(user, "/api/v1/ledger").body())
                .contains("\"note\":\"welcome\"")
                .contains("\"balance_after\":35");
    }
}
