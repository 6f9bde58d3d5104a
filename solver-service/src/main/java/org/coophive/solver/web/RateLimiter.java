package org.coophive.solver.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.coophive.solver.config.SolverProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One token bucket per client ({@code SOLVER_RATE_LIMIT} requests per second, {@code
 * SOLVER_RATE_BURST} at once), so that no client can take the solver from the others. A client is
 * the verified signer of a signed request ({@link SignedRequests}; a signature is checked before
 * it counts, so nobody can spend another's budget) or the remote address of an unsigned one
 * ({@link RateLimitConfiguration}). Over the limit is a {@code 429 too-many-requests} with {@code
 * Retry-After}, which clients retry.
 *
 * <p>The buckets of clients that have been quiet long enough to be full again are dropped when
 * there are many, so the map stays bounded by the clients active in the last few seconds.
 */
@Component
public class RateLimiter {

    private static final int PRUNE_ABOVE = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    public RateLimiter(SolverProperties properties) {
        this(properties.rateLimit(), properties.rateBurst(), System::nanoTime);
    }

    RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from {@code client}'s budget.
     *
     * @throws ProblemException 429 with {@code Retry-After} when the budget is spent
     */
    public void acquire(String client) {
        if (perSecond <= 0) return;
        long now = nanoTime.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) prune(now);
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        double wait;
        synchronized (bucket) {
            bucket.refill(now, perSecond, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            wait = (1 - bucket.tokens) / perSecond;
        }
        throw ProblemException.tooMany(
                "more than " + (long) perSecond + " requests per second (burst " + (long) burst + ") from " + client
                        + "; slow down",
                (long) Math.ceil(wait));
    }

    private void prune(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                e.getValue().refill(now, perSecond, burst);
                return e.getValue().tokens >= burst;
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
            at = now;
        }
    }
}
