package org.coophive.common.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * How event streams poll the node.
 *
 * @param interval the pause between two polls
 * @param maxBlockRange the most blocks one {@code eth_getLogs} request covers (public nodes cap
 *     the range)
 * @param confirmations how many blocks behind the latest to stay; 0 on a dev chain (a stream
 *     notices a reorganisation of the blocks it has read and reads them again, see {@link LogStream})
 * @param maxBackoff the longest pause between polls while the node fails
 */
public record EventPolling(Duration interval, int maxBlockRange, int confirmations, Duration maxBackoff) {

    public EventPolling {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("interval must be positive");
        if (maxBlockRange < 1) throw new IllegalArgumentException("maxBlockRange must be at least 1");
        if (confirmations < 0) throw new IllegalArgumentException("confirmations must not be negative");
        if (maxBackoff.compareTo(interval) < 0) throw new IllegalArgumentException("maxBackoff must be >= interval");
    }

    /** Every 100 ms, 2,000 blocks per request, no confirmations, at most 5 s between polls while failing. */
    public static EventPolling defaults() {
        return new EventPolling(Duration.ofMillis(100), 2_000, 0, Duration.ofSeconds(5));
    }

    public EventPolling withInterval(Duration interval) {
        return new EventPolling(interval, maxBlockRange, confirmations, maxBackoff);
    }

    public EventPolling withMaxBlockRange(int maxBlockRange) {
        return new EventPolling(interval, maxBlockRange, confirmations, maxBackoff);
    }

    public EventPolling withConfirmations(int confirmations) {
        return new EventPolling(interval, maxBlockRange, confirmations, maxBackoff);
    }

    /** The pause after {@code failures} consecutive failed polls (doubling from the interval). */
    Duration backoff(int failures) {
        Duration wait = interval;
        for (int i = 0; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
