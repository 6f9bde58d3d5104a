package org.coophive.saas.credits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credit ledger: grants, job debits and refunds, append-only, and each account's balance,
 * which can never go below zero. Every change is one conditional {@code UPDATE} of the balance
 * (atomic in PostgreSQL, so concurrent debits cannot overspend) plus one ledger row in the same
 * transaction; the database refuses a negative balance, a changed or deleted entry and a second
 * refund of a job.
 */
@Service
public class CreditLedger {

    private static final Logger log = LoggerFactory.getLogger(CreditLedger.class);

    private final JdbcTemplate jdbc;
    private final Counter spent;

    CreditLedger(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.spent = Counter.builder("saas.credits.spent")
                .description("credits debited for jobs, net of refunds")
                .register(meters);
    }

    /** Adds credits (an operator's grant or the sign-up credits). */
    @Transactional
    public LedgerEntry grant(long accountId, long amount, String note) {
        if (amount <= 0) throw new IllegalArgumentException("a grant must be positive: " + amount);
        if (amount > 1_000_000_000L) throw new IllegalArgumentException("a grant may be at most 1000000000 credits");
        Long balance = jdbc
                .query(
                        "update account set balance = balance + ? where id = ? returning balance",
                        (rs, n) -> rs.getLong(1),
                        amount,
                        accountId)
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no account " + accountId));
        LedgerEntry entry = append(accountId, "GRANT", amount, balance, null, note);
        log.info("Granted {} credits to account {} ({})", amount, accountId, note);
        return entry;
    }

    /**
     * Takes a job's cost, or throws {@link InsufficientCreditsException} leaving everything as it
     * was. Joins the caller's transaction, so the job row and its debit commit together.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public LedgerEntry debit(long accountId, long cost, UUID jobId, String note) {
        if (cost < 0) throw new IllegalArgumentException("a cost must not be negative: " + cost);
        Optional<Long> balance = jdbc
                .query(
                        "update account set balance = balance - ? where id = ? and balance >= ? returning balance",
                        (rs, n) -> rs.getLong(1),
                        cost,
                        accountId,
                        cost)
                .stream()
                .findFirst();
        if (balance.isEmpty()) throw new InsufficientCreditsException(balance(accountId), cost);
        spent.increment(cost);
        return append(accountId, "DEBIT", -cost, balance.get(), jobId, note);
    }

    /**
     * Gives back a job's debit, once: a second call for the same job changes nothing and returns
     * empty.
     */
    @Transactional
    public Optional<LedgerEntry> refund(UUID jobId, String note) {
        List<Object[]> debits = jdbc.query(
                "select account_id, amount from ledger_entry where job_id = ? and kind = 'DEBIT'",
                (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2)},
                jobId);
        if (debits.isEmpty()) return Optional.empty();
        Integer refunds = jdbc.queryForObject(
                "select count(*) from ledger_entry where job_id = ? and kind = 'REFUND'", Integer.class, jobId);
        if (refunds != null && refunds > 0) return Optional.empty();
        long accountId = (Long) debits.get(0)[0];
        long amount = -(Long) debits.get(0)[1];
        Long balance = jdbc.queryForObject(
                "update account set balance = balance + ? where id = ? returning balance",
                Long.class,
                amount,
                accountId);
        spent.increment(-amount);
        log.info("Refunded {} credits to account {} for job {} ({})", amount, accountId, jobId, note);
        return Optional.of(append(accountId, "REFUND", amount, balance, jobId, note));
    }

    public long balance(long accountId) {
        Long balance = jdbc.queryForObject(
                "select coalesce(max(balance), 0) from account where id = ?", Long.class, accountId);
        return balance == null ? 0 : balance;
    }

    /** The account's entries, newest first. */
    public List<LedgerEntry> entries(long accountId, int limit) {
        return jdbc.query(
                "select id, kind, amount, balance_after, job_id, note, created_at from ledger_entry"
                        + " where account_id = ? order by id desc limit ?",
                (rs, n) -> new LedgerEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getObject(5, UUID.class),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()),
                accountId,
                limit);
    }

    private LedgerEntry append(long accountId, String kind, long amount, long balanceAfter, UUID jobId, String note) {
        String text = note == null ? "" : note.length() > 300 ? note.substring(0, 300) : note;
        return jdbc.queryForObject(
                "insert into ledger_entry (account_id, kind, amount, balance_after, job_id, note)"
                        + " values (?, ?, ?, ?, ?, ?) returning id, created_at",
                (rs, n) -> new LedgerEntry(
                        rs.getLong(1),
                        kind,
                        amount,
                        balanceAfter,
                        jobId,
                        text,
                        rs.getTimestamp(2).toInstant()),
                accountId,
                kind,
                amount,
                balanceAfter,
                jobId,
                text);
    }

    /** Whether this job's debit was given back. */
    public boolean refunded(UUID jobId) {
        Integer n = jdbc.queryForObject(
                "select count(*) from ledger_entry where job_id = ? and kind = 'REFUND'", Integer.class, jobId);
        return n != null && n > 0;
    }
}
