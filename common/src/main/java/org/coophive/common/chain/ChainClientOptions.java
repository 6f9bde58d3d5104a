package org.coophive.common.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link Web3ChainClient}; {@link #defaults()} suits a local chain and a public one.
 *
 * @param retry how reads and sends ride out an unreachable node
 * @param receiptPollInterval the wait after the first read of a sent transaction's receipt (made at
 *     once after the send) before the next; each next wait doubles, up to a second
 * @param receiptTimeout how long to wait for a receipt before giving up with a
 *     {@link ChainUnavailableException} that names the transaction
 * @param transactionListener hears of each transaction's hash before it is sent
 */
public record ChainClientOptions(
        RetryPolicy retry,
        Duration receiptPollInterval,
        Duration receiptTimeout,
        TransactionListener transactionListener) {

    public ChainClientOptions {
        Objects.requireNonNull(retry, "retry");
        requirePositive("receiptPollInterval", receiptPollInterval);
        requirePositive("receiptTimeout", receiptTimeout);
        Objects.requireNonNull(transactionListener, "transactionListener");
    }

    /** Options without a transaction listener. */
    public ChainClientOptions(RetryPolicy retry, Duration receiptPollInterval, Duration receiptTimeout) {
        this(retry, receiptPollInterval, receiptTimeout, TransactionListener.NONE);
    }

    /**
     * Default retries; a receipt read at once after the send, again 1 ms later and then twice as
     * late each time up to a second (Anvil mines a transaction a millisecond or two after taking
     * it: a first wait of 10 ms cost each transaction about 10 ms; on a public chain the fast
     * first reads add three requests per transaction); 5 minutes' patience.
     */
    public static ChainClientOptions defaults() {
        return new ChainClientOptions(RetryPolicy.DEFAULT, Duration.ofMillis(1), Duration.ofMinutes(5));
    }

    /** These options with another retry policy. */
    public ChainClientOptions withRetry(RetryPolicy retry) {
        return new ChainClientOptions(retry, receiptPollInterval, receiptTimeout, transactionListener);
    }

    /** These options with another receipt timeout. */
    public ChainClientOptions withReceiptTimeout(Duration receiptTimeout) {
        return new ChainClientOptions(retry, receiptPollInterval, receiptTimeout, transactionListener);
    }

    /** These options with a listener that hears of each transaction's hash before it is sent. */
    public ChainClientOptions withTransactionListener(TransactionListener transactionListener) {
        return new ChainClientOptions(retry, receiptPollInterval, receiptTimeout, transactionListener);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) throw new IllegalArgumentException(name + " must be positive");
    }
}
