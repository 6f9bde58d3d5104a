package org.coophive.saas.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: {@code ch_} and 43 characters of base64url (32 random bytes). Only the key's SHA-256
 * is stored (a key has 256 bits of entropy, so a fast hash is enough and lets a request find its
 * key in one look-up); the key is shown once, at creation.
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    static final String PREFIX = "ch_";
    static final int MAX_KEYS = 20;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    @Autowired
    ApiKeyService(ApiKeyRepository keys) {
        this(keys, Clock.systemUTC());
    }

    ApiKeyService(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A new key and the secret to show once. */
    public record CreatedKey(ApiKey key, String secret) {}

    @Transactional
    public CreatedKey create(long accountId, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty()) throw new IllegalArgumentException("a key needs a name");
        if (label.length() > 100) throw new IllegalArgumentException("a key's name may have at most 100 characters");
        if (keys.countByAccountIdAndRevokedAtIsNull(accountId) >= MAX_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_KEYS + " active keys per account: revoke one first");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = keys.save(new ApiKey(accountId, label, secret.substring(0, 10), hash(secret), clock.instant()));
        log.info("Account {} created API key {} ({})", accountId, key.getId(), key.getPrefix());
        return new CreatedKey(key, secret);
    }

    /** The account's keys that are not revoked, newest first. */
    public List<ApiKey> list(long accountId) {
        return keys.findByAccountIdAndRevokedAtIsNullOrderByIdDesc(accountId);
    }

    /** Revokes one of the account's keys; false when the account has no such active key. */
    @Transactional
    public boolean revoke(long accountId, long keyId) {
        Optional<ApiKey> key = keys.findByIdAndAccountId(keyId, accountId).filter(k -> !k.isRevoked());
        key.ifPresent(k -> {
            k.revoke(clock.instant());
            log.info("Account {} revoked API key {}", accountId, keyId);
        });
        return key.isPresent();
    }

    /** The active key this secret is, noting its use. */
    @Transactional
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) return Optional.empty();
        Optional<ApiKey> key = keys.findByKeyHash(hash(secret)).filter(k -> !k.isRevoked());
        key.ifPresent(k -> {
            Instant now = clock.instant();
            // One write a minute at most: a busy client does not turn every request into an UPDATE.
            if (k.getLastUsedAt() == null || k.getLastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
                keys.touch(k.getId(), now);
            }
        });
        return key;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
