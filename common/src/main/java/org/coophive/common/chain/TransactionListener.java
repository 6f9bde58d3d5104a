package org.coophive.common.chain;

/**
 * Hears of each transaction once it is signed and before it is handed to the node, so a service
 * can write its hash down first (a journal) and, after a crash between sending and mining, look the
 * transaction up ({@link ChainClient#transactionStatus(String)}) instead of sending the step again.
 *
 * <p>Called on the sending thread, while the key's send lock is held: keep it short. If it
 * throws, nothing is sent and the exception reaches the caller of the step. If the node refuses
 * the nonce and the call is signed again, the listener hears the new hash too (the old one was
 * never accepted).
 */
@FunctionalInterface
public interface TransactionListener {

    /** Does nothing. */
    TransactionListener NONE = (function, dealId, txHash) -> {};

    /**
     * @param function the contract function, e.g. {@code agree}
     * @param dealId the deal the call concerns, or {@code null} for calls outside a deal
     * @param txHash the hash the transaction will have
     */
    void signed(String function, Bytes32 dealId, String txHash);

    /**
     * The same, with the signed transaction itself: what a journal keeps to deliver the very same
     * transaction again after a restart if the node lost it meanwhile (same nonce, same hash: at
     * most one can be mined), through {@link ChainHead#transactionStatus(String, String)}. By
     * default only the hash is heard.
     *
     * @param signedTransaction the raw signed transaction, hex with {@code 0x}
     */
    default void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
        signed(function, dealId, txHash);
    }

    /**
     * A transaction heard of before ({@code replacedHash}) is being replaced: signed again with the
     * same nonce and a higher fee, because the node dropped it and would not take it back, or it
     * sits in the pool underpriced. Heard before the replacement reaches the node. Both share one
     * nonce, so at most one is ever mined: a journal keeps both hashes ({@link SentTransaction})
     * and accepts whichever is mined. Called on the thread that sent the first version, while it
     * waits for the receipt. By default heard as a new signed transaction.
     *
     * @param replacedHash the hash of the version being replaced
     * @param txHash the replacement's hash
     * @param signedTransaction the replacement, signed
     */
    default void replaced(
            String function, Bytes32 dealId, String replacedHash, String txHash, String signedTransaction) {
        signed(function, dealId, txHash, signedTransaction);
    }
}
