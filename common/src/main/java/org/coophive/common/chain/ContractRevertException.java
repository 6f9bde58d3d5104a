package org.coophive.common.chain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A contract refused a call, with the error it reverted with decoded by name: one of the custom
 * errors of {@code Errors.sol} or OpenZeppelin (e.g. {@code WrongState} with the deal id, the
 * current and the required state), {@code Error} for a {@code require} message, {@code Panic} for
 * an assertion, or the 4-byte selector in hex when the error is unknown.
 *
 * <p>Most reverts are caught by the simulation before sending: then nothing was sent, no gas was
 * spent and the nonce is untouched ({@link #txHash()} is empty). A revert of a mined transaction
 * (the chain changed between simulation and mining) carries its hash.
 */
public class ContractRevertException extends ChainException {

    private final String function;
    private final String errorName;
    private final List<String> arguments;
    private final String revertData;
    private final String txHash;

    public ContractRevertException(
            String function, String errorName, List<String> arguments, String revertData, String txHash) {
        super(message(function, errorName, arguments, txHash));
        this.function = Objects.requireNonNull(function, "function");
        this.errorName = Objects.requireNonNull(errorName, "errorName");
        this.arguments = List.copyOf(arguments);
        this.revertData = Objects.requireNonNull(revertData, "revertData");
        this.txHash = txHash;
    }

    /** The contract function that was called, e.g. {@code acceptResult}. */
    public String function() {
        return function;
    }

    /** The error's name, e.g. {@code WrongState}. */
    public String errorName() {
        return errorName;
    }

    /**
     * The error's arguments as text: addresses checksummed, numbers in decimal, bytes in
     * {@code 0x} hex (a deal id as {@link Bytes32#hex()} renders it).
     */
    public List<String> arguments() {
        return arguments;
    }

    /** The raw revert data, {@code 0x} hex. */
    public String revertData() {
        return revertData;
    }

    /** The hash of the mined transaction that reverted; empty when the revert was simulated. */
    public Optional<String> txHash() {
        return Optional.ofNullable(txHash);
    }

    /** Whether a transaction was mined (and paid for) before reverting. */
    public boolean mined() {
        return txHash != null;
    }

    private static String message(String function, String errorName, List<String> arguments, String txHash) {
        String error = errorName + "(" + String.join(", ", arguments) + ")";
        return txHash == null
                ? function + " would revert with " + error + "; nothing was sent"
                : function + " reverted with " + error + " in transaction " + txHash;
    }
}
