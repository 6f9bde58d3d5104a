package org.coophive.contracts;

import java.util.Arrays;

/**
 * The on-chain state of a deal, mirroring {@code AgreementState} in {@code SharedStructs.sol}.
 * Each constant carries its Solidity code explicitly; a test pins the codes to the Solidity
 * source.
 */
public enum AgreementState {
    DEAL_NEGOTIATING(0),
    DEAL_AGREED(1),
    RESULTS_SUBMITTED(2),
    RESULTS_ACCEPTED(3),
    RESULTS_CHECKED(4),
    MEDIATION_ACCEPTED(5),
    MEDIATION_REJECTED(6),
    TIMEOUT_AGREE(7),
    TIMEOUT_SUBMIT_RESULTS(8),
    TIMEOUT_JUDGE_RESULTS(9),
    TIMEOUT_MEDIATE_RESULTS(10);

    private final int code;

    AgreementState(int code) {
        this.code = code;
    }

    /** The Solidity enum value. */
    public int code() {
        return code;
    }

    /** Whether the deal is over: no further step is possible and its escrow is zero. */
    public boolean isTerminal() {
        return this != DEAL_NEGOTIATING && this != DEAL_AGREED && this != RESULTS_SUBMITTED && this != RESULTS_CHECKED;
    }

    /** The state with the given Solidity code. */
    public static AgreementState ofCode(int code) {
        return Arrays.stream(values())
                .filter(state -> state.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown agreement state code " + code));
    }
}
