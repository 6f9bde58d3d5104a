package org.coophive.solver.config;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * How the solver serves the network.
 *
 * @param url the public URL clients reach this solver at ({@code SERVER_URL}, required); it is
 *     registered in the Users contract
 * @param uploadLimit the largest result tar accepted ({@code SOLVER_UPLOAD_LIMIT}, default 1 GB)
 * @param offerExpiry how long an unmatched offer stays matchable ({@code SOLVER_OFFER_EXPIRY},
 *     default 1 hour)
 * @param matchInterval the period of the matching pass when nothing triggers one earlier
 *     ({@code SOLVER_MATCH_INTERVAL}, default 10 s)
 * @param maxOpenOffers how many unmatched offers of each kind one address may hold ({@code
 *     SOLVER_MAX_OPEN_OFFERS}, default 100; 0 for no cap); one more is a 429
 * @param rateLimit requests per second one client may send ({@code SOLVER_RATE_LIMIT}, default
 *     100; 0 for no limit); a client is the verified signer of a signed request, else the remote
 *     address
 * @param rateBurst how many requests a client may send at once above its rate ({@code
 *     SOLVER_RATE_BURST}, default 400)
 */
@ConfigurationProperties("coophive.solver.service")
public record SolverProperties(
        String url,
        @DefaultValue("1GB") DataSize uploadLimit,
        @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("1h") Duration offerExpiry,
        @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("10s") Duration matchInterval,
        @DefaultValue("100") int maxOpenOffers,
        @DefaultValue("100") int rateLimit,
        @DefaultValue("400") int rateBurst) {

    @ConstructorBinding
    public SolverProperties {
        url = url == null ? "" : url.strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException(
                    "SERVER_URL is required: the public URL of this solver, e.g. http://localhost:8080");
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SERVER_URL is not a URL: " + url, e);
        }
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("SERVER_URL must be an http(s) URL with a host, not " + url);
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (uploadLimit == null || uploadLimit.toBytes() <= 0) {
            throw new IllegalArgumentException("SOLVER_UPLOAD_LIMIT must be positive, not " + uploadLimit);
        }
        if (offerExpiry == null || offerExpiry.isNegative() || offerExpiry.isZero()) {
            throw new IllegalArgumentException("SOLVER_OFFER_EXPIRY must be positive, not " + offerExpiry);
        }
        if (maxOpenOffers < 0) {
            throw new IllegalArgumentException("SOLVER_MAX_OPEN_OFFERS must not be negative, not " + maxOpenOffers);
        }
        if (rateLimit < 0)
            throw new IllegalArgumentException("SOLVER_RATE_LIMIT must not be negative, not " + rateLimit);
        if (rateBurst < 1) throw new IllegalArgumentException("SOLVER_RATE_BURST must be at least 1, not " + rateBurst);
        if (matchInterval == null || matchInterval.isNegative() || matchInterval.isZero()) {
            throw new IllegalArgumentException("SOLVER_MATCH_INTERVAL must be positive, not " + matchInterval);
        }
    }

    /** The defaults of the caps and rate limit (tests). */
    public SolverProperties(String url, DataSize uploadLimit, Duration offerExpiry, Duration matchInterval) {
        this(url, uploadLimit, offerExpiry, matchInterval, 100, 100, 400);
    }
}
