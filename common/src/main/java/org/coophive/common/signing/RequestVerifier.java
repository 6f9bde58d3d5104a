package org.coophive.common.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.coophive.common.signing.Rejection.Reason;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Checks a signed request on the server side and names its caller. The checks run in this
 * order and the first failure is the answer:
 *
 * <ol>
 *   <li>all four headers present and non-blank ({@link Reason#MISSING_HEADER});
 *   <li>each well formed ({@link Reason#MALFORMED_HEADER}): the address {@code 0x} + 40 hex
 *       digits, all lower-case, all upper-case or a correct EIP-55 checksum; the timestamp 1 to
 *       12 decimal digits; the nonce 32 hex digits; the signature {@code 0x} + 130 hex digits
 *       whose last byte ({@code v}) is 27 or 28;
 *   <li>the timestamp within the window of the clock, both ways, edges included ({@link
 *       Reason#STALE_TIMESTAMP}); checked before the costly key recovery;
 *   <li>a public key recoverable from the EIP-191 signature over {@link
 *       CanonicalRequest#canonicalString} ({@link Reason#BAD_SIGNATURE});
 *   <li>its address equal to the address header, ignoring case ({@link
 *       Reason#ADDRESS_MISMATCH}); any change to the signed request after signing ends here;
 *   <li>the nonce's first use by this address ({@link Reason#REPLAYED_NONCE}), recorded in the
 *       {@link NonceStore} until the timestamp leaves the window; asked last, so an unverified
 *       request never uses up a nonce.
 * </ol>
 *
 * <p>Pass the request exactly as received: the raw (undecoded) path and query, and the body
 * bytes. Thread-safe when its {@link NonceStore} is.
 */
public final class RequestVerifier {

    /** The default accepted distance between a request's timestamp and the server clock. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern NONCE = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");

    private final NonceStore nonces;
    private final Clock clock;
    private final Duration window;

    /** A verifier with the {@link #DEFAULT_WINDOW default window} of five minutes. */
    public RequestVerifier(NonceStore nonces, Clock clock) {
        this(nonces, clock, DEFAULT_WINDOW);
    }

    /**
     * A verifier accepting timestamps up to {@code window} away from {@code clock}.
     *
     * @throws IllegalArgumentException if the window is not positive
     */
    public RequestVerifier(NonceStore nonces, Clock clock, Duration window) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
    }

    /** The accepted distance between a request's timestamp and the clock. */
    public Duration window() {
        return window;
    }

    /**
     * Verifies one request.
     *
     * @param method the HTTP method
     * @param path the raw path as received, without query
     * @param rawQuery the raw query without {@code ?}, or {@code null} / empty for none
     * @param body the body bytes as received, or {@code null} / empty for none
     * @param headers the signing headers as received, components {@code null} when absent
     * @return the caller's checksummed address, or why the request is refused
     */
    public Verification verify(String method, String path, String rawQuery, byte[] body, SignedRequestHeaders headers) {
        return verifyBodyHash(method, path, rawQuery, Hash.sha256(body == null ? new byte[0] : body), headers);
    }

    /**
     * Verifies one request whose body the server hashed while streaming it (to disk, say) instead
     * of holding it: the same checks as {@link #verify}, for the body whose SHA-256 is {@code
     * bodySha256}.
     *
     * @param bodySha256 the 32-byte SHA-256 digest of the body bytes as received
     * @throws IllegalArgumentException if the digest is not 32 bytes
     */
    public Verification verifyBodyHash(
            String method, String path, String rawQuery, byte[] bodySha256, SignedRequestHeaders headers) {
        Objects.requireNonNull(bodySha256, "bodySha256");
        if (bodySha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + bodySha256.length);
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");

        Rejection missing = firstMissing(headers);
        if (missing != null) {
            return Verification.rejected(missing);
        }
        Rejection malformed = firstMalformed(headers);
        if (malformed != null) {
            return Verification.rejected(malformed);
        }

        Instant timestamp = Instant.ofEpochSecond(Long.parseLong(headers.timestamp()));
        Rejection stale = staleness(timestamp);
        if (stale != null) {
            return Verification.rejected(stale);
        }

        String canonical = CanonicalRequest.canonicalStringOfBodyHash(
                method, path, rawQuery, bodySha256, headers.timestamp(), headers.nonce());
        String signer;
        try {
            signer = recoverSigner(canonical, Numeric.hexStringToByteArray(headers.signature()));
        } catch (SignatureException | RuntimeException e) {
            // web3j reports an unrecoverable signature through several exception types; all
            // mean the same to the caller, and the detail is not about the request.
            return Verification.rejected(Rejection.of(
                    Reason.BAD_SIGNATURE,
                    "the signature in " + SignedRequestHeaders.SIGNATURE + " does not recover a key"));
        }
        if (!signer.equalsIgnoreCase(headers.address())) {
            return Verification.rejected(Rejection.of(
                    Reason.ADDRESS_MISMATCH,
                    "the signature recovers to " + signer + ", not to " + SignedRequestHeaders.ADDRESS + " "
                            + headers.address() + ": the request changed after signing or another key signed it"));
        }

        if (!nonces.firstUse(signer, headers.nonce(), timestamp.plus(window))) {
            return Verification.rejected(Rejection.of(
                    Reason.REPLAYED_NONCE,
                    "nonce " + headers.nonce() + " was already used by " + signer + "; sign every request afresh"));
        }
        return Verification.verified(signer);
    }

    private static Rejection firstMissing(SignedRequestHeaders headers) {
        if (isBlank(headers.address())) {
            return Rejection.missingHeader(SignedRequestHeaders.ADDRESS);
        }
        if (isBlank(headers.timestamp())) {
            return Rejection.missingHeader(SignedRequestHeaders.TIMESTAMP);
        }
        if (isBlank(headers.nonce())) {
            return Rejection.missingHeader(SignedRequestHeaders.NONCE);
        }
        if (isBlank(headers.signature())) {
            return Rejection.missingHeader(SignedRequestHeaders.SIGNATURE);
        }
        return null;
    }

    private static Rejection firstMalformed(SignedRequestHeaders headers) {
        if (!ADDRESS.matcher(headers.address()).matches()) {
            return Rejection.malformedHeader(SignedRequestHeaders.ADDRESS, "expected 0x and 40 hex digits");
        }
        if (!hasValidChecksumOrSingleCase(headers.address())) {
            return Rejection.malformedHeader(
                    SignedRequestHeaders.ADDRESS, "mixed-case address with a wrong EIP-55 checksum");
        }
        if (!TIMESTAMP.matcher(headers.timestamp()).matches()) {
            return Rejection.malformedHeader(SignedRequestHeaders.TIMESTAMP, "expected unix seconds, 1 to 12 digits");
        }
        if (!NONCE.matcher(headers.nonce()).matches()) {
            return Rejection.malformedHeader(SignedRequestHeaders.NONCE, "expected 32 hex digits (128 bits)");
        }
        if (!SIGNATURE.matcher(headers.signature()).matches()) {
            return Rejection.malformedHeader(
                    SignedRequestHeaders.SIGNATURE, "expected 0x and 130 hex digits (65 bytes r, s, v)");
        }
        int v = Integer.parseInt(headers.signature().substring(130), 16);
        if (v != 27 && v != 28) {
            return Rejection.malformedHeader(SignedRequestHeaders.SIGNATURE, "v (the last byte) must be 27 or 28");
        }
        return null;
    }

    private static boolean hasValidChecksumOrSingleCase(String address) {
        String digits = address.substring(2);
        return digits.equals(digits.toLowerCase(Locale.ROOT))
                || digits.equals(digits.toUpperCase(Locale.ROOT))
                || address.equals(Keys.toChecksumAddress(address));
    }

    private Rejection staleness(Instant timestamp) {
        Instant now = clock.instant();
        Duration skew = Duration.between(now, timestamp);
        if (skew.abs().compareTo(window) <= 0) {
            return null;
        }
        return Rejection.of(
                Reason.STALE_TIMESTAMP,
                SignedRequestHeaders.TIMESTAMP + " " + timestamp.getEpochSecond() + " is "
                        + skew.abs().getSeconds() + " s " + (skew.isNegative() ? "behind" : "ahead of")
                        + " the server clock; at most " + window.getSeconds()
                        + " s are accepted (check the client's clock)");
    }

    private static String recoverSigner(String canonical, byte[] rsv) throws SignatureException {
        BigInteger publicKey = EthereumSignatures.recoverPrefixedMessageKey(
                canonical.getBytes(StandardCharsets.UTF_8),
                rsv[64],
                Arrays.copyOfRange(rsv, 0, 32),
                Arrays.copyOfRange(rsv, 32, 64));
        return Keys.toChecksumAddress(Keys.getAddress(publicKey));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "RequestVerifier[window=" + window + ", nonces=" + nonces + "]";
    }
}
