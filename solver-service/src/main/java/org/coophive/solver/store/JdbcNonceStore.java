package org.coophive.solver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.common.signing.NonceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A {@link NonceStore} in the database, so a signed request replayed after a restart is still
 * refused. A nonce whose expiry has passed counts as unused again, as in
 * {@link org.coophive.common.signing.InMemoryNonceStore}; expired rows are purged at most once a
 * minute by whichever call notices the purge is due.
 */
@Repository
public class JdbcNonceStore implements NonceStore {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Instant> nextPurge;

    @Autowired
    public JdbcNonceStore(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    JdbcNonceStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.nextPurge = new AtomicReference<>(clock.instant());
    }

    @Override
    public boolean firstUse(String address, String nonce, Instant expiresAt) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        purgeIfDue(now);
        // One statement, so concurrent uses of one nonce are serialised by the primary key.
        return jdbc.sql(
                                """
                        INSERT INTO used_nonces (address, nonce, expires_at) VALUES (:address, :nonce, :expiresAt)
                        ON CONFLICT (address, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
                        WHERE used_nonces.expires_at < :now
                        """)
                        .param("address", address.toLowerCase(Locale.ROOT))
                        // Hex nonces are case-insensitive: "ABC" and "abc" are one nonce.
                        .param("nonce", nonce.toLowerCase(Locale.ROOT))
                        .param("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** Forgets the nonces whose expiry has passed; returns how many. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM used_nonces WHERE expires_at < :now")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        if (!now.isBefore(due) && nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            purgeExpired();
        }
    }
}
