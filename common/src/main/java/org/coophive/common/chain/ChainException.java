package org.coophive.common.chain;

/**
 * Something went wrong talking to the chain. Unchecked: a service's reconciler treats every chain
 * failure as "try this step again on the next pass", and the subclasses say why:
 * {@link ContractRevertException}, {@link TransactionFailedException},
 * {@link ChainUnavailableException}.
 */
public class ChainException extends RuntimeException {

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
