package org.coophive.faucet.drips;

/** The faucet holds too little for a drip (and its gas); it refused instead of sending a failing transaction. */
public class FaucetLowException extends RuntimeException {

    FaucetLowException(String message) {
        super(message);
    }
}
