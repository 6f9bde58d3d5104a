package org.coophive.common.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to keep trying when the node cannot be reached: up to {@code maxAttempts} attempts in
 * all, waiting {@code initialBackoff} after the first failure and twice as long after each next
 * one, never more than {@code maxBackoff}. Only connection failures are retried; an answer from
 * the node (a revert, a rejected transaction) never is.
 *
 * @param maxAttempts attempts in all, at least one
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Eight attempts over about 25 s (0.2 s doubling up to 5 s): rides out a node restart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (1 for the first). */
    public Duration backoff(int failures) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
