package org.coophive.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Ethereum address strings: {@code 0x} followed by 40 hex digits. All lower-case and all
 * upper-case digits are accepted as they are; mixed case must carry a correct EIP-55 checksum (a
 * mistyped mixed-case address is caught rather than sending tokens elsewhere). Addresses that this
 * project produces are EIP-55 checksummed ({@link #checksummed(String)}); compare addresses with
 * {@link #equal(String, String)}, never with {@code String.equals} (the reference's exact string
 * comparisons were a source of mismatches).
 */
public final class Addresses {

    /** The zero address, which the contracts treat as "missing". */
    public static final String ZERO = "0x0000000000000000000000000000000000000000";

    private static final Pattern FORMAT = Pattern.compile("0x[0-9a-fA-F]{40}");

    private Addresses() {}

    /** Whether the string is a well-formed address (with a correct checksum if mixed case). */
    public static boolean isValid(String address) {
        return validationError(address).isEmpty();
    }

    /** What is wrong with the string as an address, or empty if it is one. */
    public static Optional<String> validationError(String address) {
        if (address == null || address.isEmpty()) return Optional.of("is missing");
        if (!FORMAT.matcher(address).matches()) {
            return Optional.of("\"" + address + "\" is not an address (0x followed by 40 hex digits)");
        }
        String hex = address.substring(2);
        boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixedCase && !address.equals(eip55(hex))) {
            return Optional.of("\"" + address + "\" has a wrong EIP-55 checksum (mistyped?); expected " + eip55(hex)
                    + " if the digits are right");
        }
        return Optional.empty();
    }

    /**
     * The EIP-55 checksummed form of an address.
     *
     * @throws IllegalArgumentException if the string is not a valid address
     */
    public static String checksummed(String address) {
        validationError(address).ifPresent(error -> {
            throw new IllegalArgumentException("address " + error);
        });
        return eip55(address.substring(2));
    }

    /**
     * The checksummed form of {@code value}, checked where it enters: which must be {@code 0x} and
     * 40 hex digits, a mixed-case value with a correct EIP-55 checksum.
     *
     * @param name what the address is, named in the message
     * @throws IllegalArgumentException if it is not a valid address
     */
    public static String checksummed(String name, String value) {
        Objects.requireNonNull(value, name);
        validationError(value).ifPresent(error -> {
            throw new IllegalArgumentException(name + " " + error);
        });
        return eip55(value.substring(2));
    }

    /** Whether the address is the zero address (in any case). */
    public static boolean isZero(String address) {
        return ZERO.equalsIgnoreCase(address);
    }

    /** Whether the address is absent or the zero address: both mean "nobody" on chain. */
    public static boolean isZeroOrAbsent(String address) {
        return address == null || isZero(address);
    }

    /**
     * The lower-case form of an address, blank for none: what a store keeps and looks up by, so
     * lookups ignore the checksum's case.
     */
    public static String lowercase(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether two strings name the same address, whatever their case (checksums are not checked
     * here); false if either is null, empty or not of the address form.
     */
    public static boolean equal(String a, String b) {
        return a != null && b != null && FORMAT.matcher(a).matches() && a.equalsIgnoreCase(b);
    }

    private static String eip55(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        byte[] hash = Hash.sha3(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
