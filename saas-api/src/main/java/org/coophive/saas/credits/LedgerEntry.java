package org.coophive.saas.credits;

import java.time.Instant;
import java.util.UUID;

/**
 * One movement of credits.
 *
 * @param amount positive for grants and refunds, negative for job debits
 * @param balanceAfter the account's balance right after this entry
 * @param jobId the job a debit or refund belongs to, {@code null} for grants
 */
public record LedgerEntry(
        long id, String kind, long amount, long balanceAfter, UUID jobId, String note, Instant createdAt) {}
