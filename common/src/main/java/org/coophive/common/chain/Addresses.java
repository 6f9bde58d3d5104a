package org.coophive.common.chain;

import java.util.Objects;

/**
 * Checks addresses once, where they enter the chain client, and keeps them EIP-55 checksummed:
 * the rules are {@link org.coophive.common.model.Addresses}'s, with the name of the value in the
 * message.
 */
final class Addresses {

    /** The zero address, which the contracts return for "nobody". */
    static final String ZERO = org.coophive.common.model.Addresses.ZERO;

    private Addresses() {}

    /**
     * The checksummed form of {@code value}, which must be {@code 0x} and 40 hex digits; a
     * mixed-case value must carry a correct EIP-55 checksum (it guards against typos).
     *
     * @param name what the address is, for the error message
     */
    static String checksummed(String name, String value) {
        Objects.requireNonNull(value, name);
        org.coophive.common.model.Addresses.validationError(value).ifPresent(error -> {
            throw new IllegalArgumentException(name + " " + error);
        });
        return org.coophive.common.model.Addresses.checksummed(value);
    }

    static boolean isZero(String address) {
        return address == null || org.coophive.common.model.Addresses.isZero(address);
    }
}
