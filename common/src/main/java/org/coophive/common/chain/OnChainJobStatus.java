package org.coophive.common.chain;

import java.util.Arrays;

/**
 * The status of a job requested by a contract, mirroring {@code JobStatus} in
 * {@code CoopHiveOnChainJobCreator.sol}. Each constant carries its Solidity code explicitly; a test
 * pins the codes to the Solidity source.
 */
public enum OnChainJobStatus {
    NONE(0),
    PENDING(1),
    COMPLETED(2),
    REFUNDED(3);

    private final int code;

    OnChainJobStatus(int code) {
        this.code = code;
    }

    /** The Solidity enum value. */
    public int code() {
        return code;
    }

    /** The status with the given Solidity code. */
    public static OnChainJobStatus ofCode(int code) {
        return Arrays.stream(values())
                .filter(status -> status.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown job status code " + code));
    }
}
