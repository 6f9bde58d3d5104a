package org.coophive.common.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte chain value: a deal id (the SHA-256 digest inside the deal's content id), a deal key,
 * a results id or a data id. Immutable and comparable by content, which a {@code byte[]} in a
 * record is not; that is why this is a class and not a record.
 */
public final class Bytes32 {

    /** All zeros: what the contracts return for "nothing here". */
    public static final Bytes32 ZERO = new Bytes32(new byte[32]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] value;

    private Bytes32(byte[] value) {
        this.value = value;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static Bytes32 of(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes, got " + value.length);
        }
        return new Bytes32(value.clone());
    }

    /** Parses 64 hex digits, with or without {@code 0x}. */
    public static Bytes32 fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 64) {
            throw new IllegalArgumentException("expected 64 hex digits: " + hex);
        }
        try {
            return new Bytes32(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + hex, e);
        }
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return value.clone();
    }

    /** {@code 0x} and 64 lower-case hex digits, as the contracts' errors and events render it. */
    public String hex() {
        return "0x" + HEX.formatHex(value);
    }

    /** Whether all 32 bytes are zero. */
    public boolean isZero() {
        return equals(ZERO);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes32 that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** The same as {@link #hex()}. */
    @Override
    public String toString() {
        return hex();
    }
}
