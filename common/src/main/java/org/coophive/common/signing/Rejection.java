package org.coophive.common.signing;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a {@link RequestVerifier} refused a request: a reason a program can act on, the header
 * at fault where there is one, and a message a person can act on. Messages name headers and
 * addresses, never key material.
 *
 * @param reason what went wrong
 * @param header the header at fault, for {@link Reason#MISSING_HEADER} and {@link
 *     Reason#MALFORMED_HEADER}
 * @param message what went wrong, for the caller
 */
public record Rejection(Reason reason, Optional<String> header, String message) {

    /** What went wrong with a signed request. */
    public enum Reason {
        /** One of the four signing headers is absent or blank. */
        MISSING_HEADER,
        /** A signing header does not have its documented format. */
        MALFORMED_HEADER,
        /** No public key can be recovered from the signature. */
        BAD_SIGNATURE,
        /**
         * The signature recovers to another address than the address header: the request was
         * changed after signing (method, path, query, body, timestamp or nonce) or signed with
         * another key.
         */
        ADDRESS_MISMATCH,
        /** The timestamp is further from the server's clock than the accepted window. */
        STALE_TIMESTAMP,
        /** This address already used this nonce within the window. */
        REPLAYED_NONCE
    }

    /** A rejection; every component is required (use an empty header for none). */
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(message, "message");
    }

    /** The request lacks {@code header}. */
    public static Rejection missingHeader(String header) {
        return new Rejection(Reason.MISSING_HEADER, Optional.of(header), "missing header " + header);
    }

    /** {@code header} is present but malformed; {@code expected} says what it should look like. */
    public static Rejection malformedHeader(String header, String expected) {
        return new Rejection(
                Reason.MALFORMED_HEADER, Optional.of(header), "malformed header " + header + ": " + expected);
    }

    /** A rejection that concerns no single header. */
    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, Optional.empty(), message);
    }
}
