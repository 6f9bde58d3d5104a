package org.coophive.common.chain;

import java.util.Optional;

/**
 * The node could not be reached (or kept failing) through every retry. When this ends a send,
 * {@link #txHash()} names the signed transaction whose fate is unknown: it may still be mined.
 * The client resynchronises its nonce from the node before its next send either way, and a caller
 * should read the chain's state before deciding to repeat the step.
 */
public class ChainUnavailableException extends ChainException {

    private final String txHash;

    public ChainUnavailableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    public ChainUnavailableException(String message, Throwable cause, String txHash) {
        super(message, cause);
        this.txHash = txHash;
    }

    /** The transaction that may or may not have reached the node, if a send was cut off. */
    public Optional<String> txHash() {
        return Optional.ofNullable(txHash);
    }
}
