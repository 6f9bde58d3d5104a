package org.coophive.faucet.drips;

/** The address given cannot receive a drip (malformed, mistyped, zero, a contract); nothing was sent. */
public class InvalidAddressException extends RuntimeException {

    private final String address;
    private final String reason;

    InvalidAddressException(String address, String reason, String message) {
        super(message);
        this.address = address;
        this.reason = reason;
    }

    /** The address as given (may be null or anything a client sent). */
    public String address() {
        return address;
    }

    /** {@code invalid_address} or {@code contract_address}, for metrics. */
    public String reason() {
        return reason;
    }
}
