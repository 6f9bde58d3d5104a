package org.coophive.contracts;

import java.util.Arrays;

/** A role in the service directory, mirroring {@code ServiceType} in {@code SharedStructs.sol}. */
public enum ServiceType {
    SOLVER(0),
    MEDIATOR(1),
    RESOURCE_PROVIDER(2),
    JOB_CREATOR(3);

    private final int code;

    ServiceType(int code) {
        this.code = code;
    }

    /** The Solidity enum value. */
    public int code() {
        return code;
    }

    /** The role with the given Solidity code. */
    public static ServiceType ofCode(int code) {
        return Arrays.stream(values())
                .filter(type -> type.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service type code " + code));
    }
}
