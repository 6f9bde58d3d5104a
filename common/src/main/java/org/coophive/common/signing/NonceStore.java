package org.coophive.common.signing;

import java.time.Instant;

/**
 * Remembers which nonces each address has used, so a captured signed request cannot be
 * replayed. {@link RequestVerifier} asks only after the signature verified, so nobody can use
 * up another address's nonces. The solver may back this with its database; {@link
 * InMemoryNonceStore} serves a single process.
 */
public interface NonceStore {

    /**
     * Records that {@code address} used {@code nonce} and says whether this was its first use.
     * Must be atomic: of concurrent calls with the same address and nonce exactly one returns
     * {@code true}.
     *
     * @param address the verified caller's address
     * @param nonce the nonce as sent
     * @param expiresAt when the request stops being acceptable anyway (its timestamp falls out
     *     of the window); the store may forget the nonce after this instant
     * @return {@code true} if the nonce had not been used by this address before
     */
    boolean firstUse(String address, String nonce, Instant expiresAt);
}
