package org.coophive.faucet.drips;

import java.util.List;

/**
 * The chain failed a drip. {@link #sent()} lists the transactions that did go out (none when the
 * drip was released and does not count towards the limits).
 */
public class DripFailedException extends RuntimeException {

    private final List<DripReceipt.Transaction> sent;

    DripFailedException(String message, List<DripReceipt.Transaction> sent, Throwable cause) {
        super(message, cause);
        this.sent = List.copyOf(sent);
    }

    public List<DripReceipt.Transaction> sent() {
        return sent;
    }
}
