package org.coophive.faucet.drips;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A drip refused by a limit; nothing was sent. Says which limit and when asking again will work. */
public class LimitReachedException extends RuntimeException {

    /** Which limit refused the drip. */
    public enum Limit {
        /** The address had a drip within the window. */
        ADDRESS("address_limit"),
        /** The client (remote address) asked for as many drips as it may per window. */
        CLIENT("client_limit"),
        /** The faucet gave as many drips as it gives in 24 hours. */
        DAILY_CAP("daily_cap");

        private final String code;

        Limit(String code) {
            this.code = code;
        }

        /** A stable name for metrics and the API. */
        public String code() {
            return code;
        }
    }

    private final Limit limit;
    private final Instant retryAt;
    private final Duration retryAfter;

    LimitReachedException(Limit limit, Instant retryAt, Duration retryAfter, String message) {
        super(message);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Limit limit() {
        return limit;
    }

    /** The moment the same request will be accepted (as far as this limit goes). */
    public Instant retryAt() {
        return retryAt;
    }

    /** How long from now until {@link #retryAt()}, at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
