package org.coophive.common.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link NonceStore} in memory, for one process. It forgets a nonce once its expiry has
 * passed, so it holds at most the nonces of the requests accepted during one verification
 * window (twice the window at most, since timestamps may lie up to one window in the future).
 * Expired entries are swept at most once a second, by whichever call notices the sweep is
 * due. Thread-safe. Nonces do not survive a restart: a restarted server accepts a request
 * replayed within the window.
 */
public final class InMemoryNonceStore implements NonceStore {

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicReference<Instant> nextSweep;

    /** A store that tells expiry by {@code clock}. */
    public InMemoryNonceStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
    }

    @Override
    public boolean firstUse(String address, String nonce, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        sweepIfDue(now);
        boolean[] first = new boolean[1];
        expiries.compute(key(address, nonce), (key, existing) -> {
            if (existing != null && !existing.isBefore(now)) {
                return existing;
            }
            first[0] = true;
            return expiresAt;
        });
        return first[0];
    }

    /** How many nonces are remembered now, expired ones not yet swept included. */
    public int size() {
        return expiries.size();
    }

    private void sweepIfDue(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
            return;
        }
        expiries.values().removeIf(expiresAt -> expiresAt.isBefore(now));
    }

    private static String key(String address, String nonce) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nonce, "nonce");
        // Addresses and hex nonces are case-insensitive: "ABC" and "abc" are one nonce.
        return address.toLowerCase(Locale.ROOT) + '/' + nonce.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "InMemoryNonceStore[" + expiries.size() + " nonces]";
    }
}
