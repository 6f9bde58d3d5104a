package org.coophive.contracts;

import java.util.Arrays;

/** Which way tokens moved, mirroring {@code PaymentDirection} in {@code SharedStructs.sol}. */
public enum PaymentDirection {
    PAID_IN(0),
    PAID_OUT(1),
    REFUNDED(2),
    SLASHED(3);

    private final int code;

    PaymentDirection(int code) {
        this.code = code;
    }

    /** The Solidity enum value. */
    public int code() {
        return code;
    }

    /** The direction with the given Solidity code. */
    public static PaymentDirection ofCode(int code) {
        return Arrays.stream(values())
                .filter(direction -> direction.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown payment direction code " + code));
    }
}
