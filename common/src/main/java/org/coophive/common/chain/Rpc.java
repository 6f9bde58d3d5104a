package org.coophive.common.chain;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** Runs JSON-RPC calls, retrying those that failed to reach the node as a {@link RetryPolicy} says. */
final class Rpc {

    private static final Logger log = LoggerFactory.getLogger(Rpc.class);

    private final RetryPolicy policy;

    Rpc(RetryPolicy policy) {
        this.policy = policy;
    }

    /** A call to the node that may throw anything. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    /**
     * Runs a call that is safe to repeat (a read, or anything that cannot have an effect twice),
     * retrying on connection failures. Other failures become a {@link ChainException}.
     *
     * @param what what the call does, for messages
     */
    <T> T call(String what, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ChainException e) {
                throw e;
            } catch (Exception e) {
                if (!isConnectionFailure(e)) throw new ChainException(what + " failed: " + e.getMessage(), e);
                if (attempt >= policy.maxAttempts()) {
                    throw new ChainUnavailableException(
                            what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
                }
                Duration wait = policy.backoff(attempt);
                log.warn(
                        "{} failed ({}); retrying in {} ms ({}/{})",
                        what,
                        e.getMessage(),
                        wait.toMillis(),
                        attempt,
                        policy.maxAttempts());
                sleep(wait);
            }
        }
    }

    RetryPolicy policy() {
        return policy;
    }

    /**
     * Whether a failure means the request did not get an answer from the node: an I/O error, an
     * HTTP error status (a proxy in front of a restarting node) or a closed WebSocket.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof ClientConnectionException) return true;
            if (t.getClass().getName().equals("org.java_websocket.exceptions.WebsocketNotConnectedException")) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while waiting to retry", e);
        }
    }
}
