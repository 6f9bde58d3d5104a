package org.coophive.common.signing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The four headers of a signed CoopHive request. A {@link RequestSigner} fills all of them; a
 * server reads them with {@link #read(Function)}, where a component is {@code null} when the
 * request did not carry that header, and hands them to {@link RequestVerifier}.
 *
 * @param address {@value #ADDRESS}: the signer's EIP-55 checksummed address
 * @param timestamp {@value #TIMESTAMP}: unix seconds, decimal
 * @param nonce {@value #NONCE}: 128 random bits as 32 hex digits
 * @param signature {@value #SIGNATURE}: {@code 0x} and 130 hex digits, {@code r ‖ s ‖ v}
 */
public record SignedRequestHeaders(String address, String timestamp, String nonce, String signature) {

    /** Header carrying the caller's address. */
    public static final String ADDRESS = "X-CoopHive-Address";

    /** Header carrying the signing time in unix seconds. */
    public static final String TIMESTAMP = "X-CoopHive-Timestamp";

    /** Header carrying the single-use nonce. */
    public static final String NONCE = "X-CoopHive-Nonce";

    /** Header carrying the EIP-191 signature. */
    public static final String SIGNATURE = "X-CoopHive-Signature";

    /**
     * Reads the four headers through a lookup such as {@code request::getHeader}; a header the
     * lookup does not find is {@code null}.
     */
    public static SignedRequestHeaders read(Function<String, String> headerLookup) {
        Objects.requireNonNull(headerLookup, "headerLookup");
        return new SignedRequestHeaders(
                headerLookup.apply(ADDRESS),
                headerLookup.apply(TIMESTAMP),
                headerLookup.apply(NONCE),
                headerLookup.apply(SIGNATURE));
    }

    /**
     * The headers by name, in the order address, timestamp, nonce, signature, leaving out any
     * that is {@code null}; e.g. {@code asMap().forEach(httpRequestBuilder::header)}.
     */
    public Map<String, String> asMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        putIfPresent(headers, ADDRESS, address);
        putIfPresent(headers, TIMESTAMP, timestamp);
        putIfPresent(headers, NONCE, nonce);
        putIfPresent(headers, SIGNATURE, signature);
        return Collections.unmodifiableMap(headers);
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
