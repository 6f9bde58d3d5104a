package org.coophive.common.chain;

import java.time.Instant;

/**
 * The tip of the chain and the fate of sent transactions: what a health check, an event tracker
 * and a service recovering from a crash read.
 */
public interface ChainHead extends ChainAccount {

    /** The latest block number. */
    long blockNumber();

    /**
     * The timestamp of the latest block: the clock the contracts' timeouts are measured by (it
     * may run ahead of the wall clock, e.g. on a dev chain that travelled in time).
     */
    Instant latestBlockTime();

    /**
     * What the node knows of a transaction this or another client sent: pending, mined and
     * succeeded, mined and failed, or unknown. For a service that wrote a hash down before a crash
     * ({@link TransactionListener}) and must decide whether to wait or send again.
     */
    TxStatus transactionStatus(String txHash);

    /**
     * How many blocks must be mined on top of a settlement before it is reported final
     * ({@code WEB3_CONFIRMATIONS}): a reorganisation up to that depth may still undo it. 0 on a dev
     * chain, where a settlement is final once mined.
     */
    /**
     * {@link #transactionStatus(String)}, for a transaction whose signed bytes a journal kept: when
     * the node knows nothing of it (dropped, lost with a node restart, before or after this service
     * restarted), those very bytes are delivered again, so it is {@link TxStatus#PENDING} again
     * (same nonce and hash: the step is not sent anew); {@link TxStatus#UNKNOWN} only when the node
     * refuses them because their nonce is used, so they can never be mined.
     *
     * @param signedTransaction the raw signed transaction ({@link TransactionListener}); {@code ""}
     *     when not kept
     */
    default TxStatus transactionStatus(String txHash, String signedTransaction) {
        return transactionStatus(txHash);
    }

    /**
     * {@link #transactionStatus(String, String)}, for a step's transaction a journal kept with the
     * step it is for: a pending one this client does not wait for itself (sent before a restart)
     * is replaced as a live one would be ({@link TransactionListener#replaced}: the same nonce,
     * bumped fees, the journal hearing the replacement before the node gets it) when it is still
     * not mined {@code HEAL_EVERY} after the first such lookup and the node dropped it for good or
     * keeps it underpriced (geth keeps a transaction whose fee cap fell below the base fee). The
     * answer is about {@code txHash}: pending while it or its replacement can be mined.
     *
     * @param function the step's contract function, e.g. {@code agree}; null looks up only
     * @param dealId the deal the step is for (the journal's key); null for a step outside a deal
     */
    default TxStatus transactionStatus(String txHash, String signedTransaction, String function, Bytes32 dealId) {
        return transactionStatus(txHash, signedTransaction);
    }

    default int confirmations() {
        return 0;
    }
}
