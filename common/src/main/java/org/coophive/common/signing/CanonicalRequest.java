package org.coophive.common.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The exact text a CoopHive request signature covers. Signer and verifier both build it here,
 * so there is one definition; {@code common/SIGNING.md} repeats it for clients in other
 * languages.
 *
 * <p>The canonical string is the following seven lines joined by a single line feed
 * ({@code \n}, no trailing line feed):
 *
 * <pre>
 * COOPHIVE-REQUEST-V1
 * METHOD            the HTTP method, upper-cased (e.g. POST)
 * path              the raw path as sent on the wire, without scheme, host or query (e.g. /api/v1/job_offers)
 * canonicalQuery    see below; an empty line when the request has no query
 * bodySha256        lower-case hex of SHA-256 of the body bytes (an absent body is the empty byte string)
 * timestamp         the X-CoopHive-Timestamp header value: unix seconds, decimal
 * nonce             the X-CoopHive-Nonce header value
 * </pre>
 *
 * <p>The signature is EIP-191 {@code personal_sign} over the UTF-8 bytes of that string:
 * secp256k1 over {@code keccak256("\x19Ethereum Signed Message:\n" + byteLength + bytes)},
 * encoded as {@code r ‖ s ‖ v} with {@code v} = 27 or 28.
 *
 * <p><b>canonicalQuery</b> makes the same logical query verify whatever order and
 * percent-encoding the client's HTTP library chose:
 *
 * <ol>
 *   <li>Split the raw query (the part after {@code ?}, not decoded) on {@code &}; drop empty
 *       parts.
 *   <li>Split each part at its first {@code =} into name and value; a part without {@code =}
 *       has the empty value (so {@code a} and {@code a=} are the same parameter).
 *   <li>Percent-decode name and value to bytes, as servers decode query parameters: {@code %XX}
 *       (either case of hex digit) is that byte, {@code +} is a space (0x20), a {@code %} not
 *       followed by two hex digits is a literal {@code %}, any other character is its UTF-8
 *       bytes.
 *   <li>Re-encode each byte: the RFC 3986 unreserved characters {@code A-Z a-z 0-9 - . _ ~}
 *       stay as they are, every other byte becomes {@code %XX} with upper-case hex.
 *   <li>Sort the pairs by encoded name, then by encoded value (both plain ASCII, compared
 *       byte by byte), keeping duplicates.
 *   <li>Join them as {@code name=value} with {@code &}.
 * </ol>
 *
 * <p>For example {@code b=2&a=x+y&a=%7e1} and {@code a=%7E1&b=2&a=x%20y} both become
 * {@code a=x%20y&a=~1&b=2}.
 */
public final class CanonicalRequest {

    /** The first line of every canonical string; a new scheme would change it. */
    public static final String VERSION = "COOPHIVE-REQUEST-V1";

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {}

    /**
     * The canonical string for one request, as documented on this class.
     *
     * @param method the HTTP method, any case
     * @param path the raw path, without query
     * @param rawQuery the raw query without {@code ?}, or {@code null} / empty when there is none
     * @param body the body bytes, or {@code null} when there is none
     * @param timestamp the timestamp header value, verbatim
     * @param nonce the nonce header value, verbatim
     */
    public static String canonicalString(
            String method, String path, String rawQuery, byte[] body, String timestamp, String nonce) {
        return canonicalStringOfBodyHash(
                method, path, rawQuery, Hash.sha256(body == null ? new byte[0] : body), timestamp, nonce);
    }

    /**
     * The canonical string for a request whose body was hashed beforehand, for bodies too large
     * to hold in memory (result tars): identical to {@link #canonicalString} of the body whose
     * SHA-256 is {@code bodySha256}.
     *
     * @param bodySha256 the 32-byte SHA-256 digest of the body bytes
     * @throws IllegalArgumentException if the digest is not 32 bytes
     */
    public static String canonicalStringOfBodyHash(
            String method, String path, String rawQuery, byte[] bodySha256, String timestamp, String nonce) {
        Objects.requireNonNull(bodySha256, "bodySha256");
        if (bodySha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + bodySha256.length);
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(nonce, "nonce");
        return String.join(
                "\n",
                VERSION,
                method.toUpperCase(Locale.ROOT),
                path,
                canonicalQuery(rawQuery),
                Numeric.toHexStringNoPrefix(bodySha256),
                timestamp,
                nonce);
    }

    /** The canonical form of a raw query string, as documented on this class; empty for none. */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String name = equals < 0 ? part : part.substring(0, equals);
            String value = equals < 0 ? "" : part.substring(equals + 1);
            pairs.add(new String[] {reencode(name), reencode(value)});
        }
        return pairs.stream()
                .sorted(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]))
                .map(p -> p[0] + "=" + p[1])
                .collect(Collectors.joining("&"));
    }

    /** Lower-case hex (no {@code 0x}) of SHA-256 of the body; {@code null} is the empty body. */
    public static String bodySha256(byte[] body) {
        return Numeric.toHexStringNoPrefix(Hash.sha256(body == null ? new byte[0] : body));
    }

    private static String reencode(String component) {
        StringBuilder encoded = new StringBuilder(component.length());
        for (byte b : decode(component)) {
            int unsigned = b & 0xFF;
            if (isUnreserved(unsigned)) {
                encoded.append((char) unsigned);
            } else {
                encoded.append('%').append(HEX_UPPER[unsigned >> 4]).append(HEX_UPPER[unsigned & 0x0F]);
            }
        }
        return encoded.toString();
    }

    private static byte[] decode(String component) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        int i = 0;
        while (i < component.length()) {
            char c = component.charAt(i);
            if (c == '%'
                    && i + 2 < component.length()
                    && hexValue(component.charAt(i + 1)) >= 0
                    && hexValue(component.charAt(i + 2)) >= 0) {
                bytes.write(hexValue(component.charAt(i + 1)) << 4 | hexValue(component.charAt(i + 2)));
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int codePoint = component.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'A' && b <= 'Z')
                || (b >= 'a' && b <= 'z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '.'
                || b == '_'
                || b == '~';
    }

    private static int hexValue(char c) {
        // Character.digit alone would also accept non-ASCII digits such as full-width ones.
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}
