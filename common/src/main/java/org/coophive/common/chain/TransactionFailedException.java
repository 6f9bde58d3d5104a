package org.coophive.common.chain;

import java.util.Objects;
import java.util.Optional;

/**
 * A transaction did not take effect for a reason other than a decodable revert: it reverted
 * without data, ran out of gas, or the node refused it (insufficient funds for gas, fee too low).
 * Carries the transaction's hash when it was mined.
 */
public class TransactionFailedException extends ChainException {

    private final String function;
    private final String txHash;

    public TransactionFailedException(String function, String reason, String txHash) {
        super(function + ": " + reason + (txHash == null ? "" : " (transaction " + txHash + ")"));
        this.function = Objects.requireNonNull(function, "function");
        this.txHash = txHash;
    }

    /** The contract function that was called. */
    public String function() {
        return function;
    }

    /** The hash of the failed transaction, when one was mined. */
    public Optional<String> txHash() {
        return Optional.ofNullable(txHash);
    }
}
