package org.coophive.contracts;

import java.util.Arrays;

/** Why tokens moved, mirroring {@code PaymentReason} in {@code SharedStructs.sol}. */
public enum PaymentReason {
    PAYMENT_COLLATERAL(0),
    RESULTS_COLLATERAL(1),
    TIMEOUT_COLLATERAL(2),
    JOB_PAYMENT(3),
    MEDIATION_FEE(4);

    private final int code;

    PaymentReason(int code) {
        this.code = code;
    }

    /** The Solidity enum value. */
    public int code() {
        return code;
    }

    /** The reason with the given Solidity code. */
    public static PaymentReason ofCode(int code) {
        return Arrays.stream(values())
                .filter(reason -> reason.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown payment reason code " + code));
    }
}
