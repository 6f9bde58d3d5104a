package org.coophive.common.solver;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient the solver client is: how often a request is sent before giving up, the backoff
 * between attempts (also between reconnects of the {@link SolverEventStream}), and the timeouts.
 * Only connection failures and 429, 502, 503 and 504 answers are retried.
 *
 * @param maxAttempts how many times one request is sent at most (1 = no retry)
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further
 *     one
 * @param maxBackoff the longest wait between attempts; a {@code Retry-After} longer than this
 *     ends the retries at once
 * @param connectTimeout the longest wait for a TCP connection or a WebSocket handshake
 * @param requestTimeout the longest wait for the response headers of a JSON request
 * @param fileTransferTimeout the same for a file upload or download, which may be large
 */
public record SolverClientSettings(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration fileTransferTimeout) {

    /**
     * Five attempts 0.5, 1, 2 and 4 s apart (7.5 s in all), backoff capped at 10 s, 5 s to
     * connect, 30 s for a JSON answer, 10 minutes for a file transfer.
     */
    public static final SolverClientSettings DEFAULTS = new SolverClientSettings(
            5,
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    /**
     * Settings as given.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1, a duration is not
     *     positive, or {@code maxBackoff} is shorter than {@code initialBackoff}
     */
    public SolverClientSettings {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        positive("fileTransferTimeout", fileTransferTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
        }
    }

    /** These settings with another number of attempts. */
    public SolverClientSettings withMaxAttempts(int maxAttempts) {
        return new SolverClientSettings(
                maxAttempts, initialBackoff, maxBackoff, connectTimeout, requestTimeout, fileTransferTimeout);
    }

    /** These settings with another backoff. */
    public SolverClientSettings withBackoff(Duration initialBackoff, Duration maxBackoff) {
        return new SolverClientSettings(
                maxAttempts, initialBackoff, maxBackoff, connectTimeout, requestTimeout, fileTransferTimeout);
    }

    /**
     * The wait after the {@code failures}-th consecutive failure (1 = the first):
     * {@code initialBackoff × 2^(failures-1)}, at most {@code maxBackoff}.
     */
    public Duration backoff(int failures) {
        if (failures < 1) throw new IllegalArgumentException("failures must be at least 1, not " + failures);
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
