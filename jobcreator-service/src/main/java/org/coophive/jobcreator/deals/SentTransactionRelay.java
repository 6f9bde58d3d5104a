package org.coophive.jobcreator.deals;

import org.coophive.common.chain.SentTransaction;
import org.coophive.common.chain.SentTransactionListener;

/**
 * Lets the chain client be built before the engine that journals its transactions: the client
 * gets this relay, the engine is plugged in once it exists.
 */
public final class SentTransactionRelay implements SentTransactionListener {

    private volatile SentTransactionListener target = SentTransactionListener.NONE;

    /** From now on, transactions go to {@code listener}. */
    public void relayTo(SentTransactionListener listener) {
        this.target = listener;
    }

    @Override
    public void onSent(SentTransaction sent) {
        target.onSent(sent);
    }
}
