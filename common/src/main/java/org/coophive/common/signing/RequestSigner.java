package org.coophive.common.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs outgoing requests with one Ethereum key: the solver client, the services and the CLI
 * use it for every mutating request and every result download. Each call returns fresh
 * {@link SignedRequestHeaders} (current time, new random nonce); send them with exactly the
 * method, path, query and body that were signed. What is signed is defined by {@link
 * CanonicalRequest}.
 *
 * <p>Thread-safe. The key never leaves this object: {@link #toString()} shows the address only.
 */
public final class RequestSigner {

    private static final int NONCE_BYTES = 16;

    private final Credentials credentials;
    private final String address;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A signer using the system clock. */
    public RequestSigner(Credentials credentials) {
        this(credentials, Clock.systemUTC());
    }

    /** A signer reading its timestamps from {@code clock}. */
    public RequestSigner(Credentials credentials, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.address = Keys.toChecksumAddress(credentials.getAddress());
    }

    /** The EIP-55 checksummed address the signatures recover to. */
    public String address() {
        return address;
    }

    /**
     * Signs one request.
     *
     * @param method the HTTP method
     * @param path the raw path as it goes on the wire, starting with {@code /}, without query
     * @param rawQuery the raw query without {@code ?}, or {@code null} / empty for none
     * @param body the body bytes exactly as sent, or {@code null} / empty for none
     * @throws IllegalArgumentException if the path does not start with {@code /} or contains a
     *     query or a line break
     */
    public SignedRequestHeaders sign(String method, String path, String rawQuery, byte[] body) {
        return signAt(method, path, rawQuery, body, clock.instant().getEpochSecond(), newNonce());
    }

    /** Signs a request to {@code uri}, taking its raw path and raw query. */
    public SignedRequestHeaders sign(String method, URI uri, byte[] body) {
        Objects.requireNonNull(uri, "uri");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return sign(method, path, uri.getRawQuery(), body);
    }

    /**
     * Signs a request whose body was hashed beforehand, so a large body (a result tar) can be
     * streamed from disk instead of held in memory. The signature is the one {@link #sign} gives
     * for the body whose SHA-256 is {@code bodySha256}.
     *
     * @param bodySha256 the 32-byte SHA-256 digest of the body bytes exactly as sent
     * @throws IllegalArgumentException as {@link #sign}, or if the digest is not 32 bytes
     */
    public SignedRequestHeaders signBodyHash(String method, URI uri, byte[] bodySha256) {
        Objects.requireNonNull(uri, "uri");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        checkPath(path);
        String timestampText = Long.toString(clock.instant().getEpochSecond());
        String nonce = newNonce();
        String canonical = CanonicalRequest.canonicalStringOfBodyHash(
                method, path, uri.getRawQuery(), bodySha256, timestampText, nonce);
        return signCanonical(canonical, timestampText, nonce);
    }

    /** Signs a GET with an empty body, e.g. a result download; same scheme as {@link #sign}. */
    public SignedRequestHeaders signGet(String path, String rawQuery) {
        return sign("GET", path, rawQuery, null);
    }

    /** Signs with a given timestamp and nonce; only tests and the documented example need this. */
    SignedRequestHeaders signAt(
            String method, String path, String rawQuery, byte[] body, long timestamp, String nonce) {
        checkPath(path);
        String timestampText = Long.toString(timestamp);
        String canonical = CanonicalRequest.canonicalString(method, path, rawQuery, body, timestampText, nonce);
        return signCanonical(canonical, timestampText, nonce);
    }

    private SignedRequestHeaders signCanonical(String canonical, String timestampText, String nonce) {
        Sign.SignatureData signature = EthereumSignatures.signPrefixedMessage(
                canonical.getBytes(StandardCharsets.UTF_8), credentials.getEcKeyPair());
        byte[] rsv = new byte[65];
        System.arraycopy(signature.getR(), 0, rsv, 0, 32);
        System.arraycopy(signature.getS(), 0, rsv, 32, 32);
        rsv[64] = signature.getV()[0];
        return new SignedRequestHeaders(address, timestampText, nonce, Numeric.toHexString(rsv));
    }

    private String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return Numeric.toHexStringNoPrefix(nonce);
    }

    private static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("pass the query separately from the path: " + path);
        }
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("path must not contain a line break");
        }
    }

    @Override
    public String toString() {
        return "RequestSigner[address=" + address + "]";
    }
}
