package org.coophive.common.chain;

import java.util.Objects;
import org.web3j.crypto.Keys;

/** Checks addresses once, where they enter the chain client, and keeps them EIP-55 checksummed. */
final class Addresses {

    /** The zero address, which the contracts return for "nobody". */
    static final String ZERO = "0x0000000000000000000000000000000000000000";

    private Addresses() {}

    /**
     * The checksummed form of {@code value}, which must be {@code 0x} and 40 hex digits; a
     * mixed-case value must carry a correct EIP-55 checksum (it guards against typos).
     *
     * @param name what the address is, for the error message
     */
    static String checksummed(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(name + " is not an address: " + value);
        }
        String checksummed = Keys.toChecksumAddress(value);
        String digits = value.substring(2);
        boolean mixedCase = !digits.equals(digits.toLowerCase()) && !digits.equals(digits.toUpperCase());
        if (mixedCase && !checksummed.equals(value)) {
            throw new IllegalArgumentException(name + " has a wrong EIP-55 checksum: " + value);
        }
        return checksummed;
    }

    static boolean isZero(String address) {
        return address == null || ZERO.equalsIgnoreCase(address);
    }
}
