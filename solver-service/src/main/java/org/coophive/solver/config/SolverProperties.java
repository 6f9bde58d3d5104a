package org.coophive.solver.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 */
@ConfigurationProperties("coophive.solver.service")
public record SolverProperties(
        String url,
        @DefaultValue("1GB") DataSize uploadLimit,
        @DefaultValue("1h") Duration offerExpiry,
        @DefaultValue("10s") Duration matchInterval) {

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
        if (matchInterval == null || matchInterval.isNegative() || matchInterval.isZero()) {
            throw new IllegalArgumentException("SOLVER_MATCH_INTERVAL must be positive, not " + matchInterval);
        }
    }
}
