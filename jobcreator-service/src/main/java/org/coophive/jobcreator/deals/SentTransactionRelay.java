package org.coophive.jobcreator.deals;

import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.TransactionListener;

/**
 * Lets the chain client be built before the engine that journals its transactions: the client
 * gets this relay, the engine is plugged in once it exists.
 */
public final class SentTransactionRelay implements TransactionListener {

    private volatile TransactionListener target = TransactionListener.NONE;

    /** From now on, transactions go to {@code listener}. */
    public void relayTo(TransactionListener listener) {
        this.target = listener;
    }

    @Override
    public void signed(String function, Bytes32 dealId, String txHash) {
        target.signed(function, dealId, txHash);
    }

    @Override
    public void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
        target.signed(function, dealId, txHash, signedTransaction);
    }

    @Override
    public void replaced(
            String function, Bytes32 dealId, String replacedHash, String txHash, String signedTransaction) {
        target.replaced(function, dealId, replacedHash, txHash, signedTransaction);
    }
}
