package org.coophive.common.signing;

import java.util.Objects;

/**
 * Thrown by {@link Verification#addressOrThrow()} when a signed request was refused, so a
 * server can turn the {@link Rejection} into a 401 Problem Details response in one place.
 */
public class RequestRejectedException extends RuntimeException {

    private final transient Rejection rejection;

    /** An exception carrying {@code rejection}; its message is the rejection's message. */
    public RequestRejectedException(Rejection rejection) {
        super(Objects.requireNonNull(rejection, "rejection").message());
        this.rejection = rejection;
    }

    /** Why the request was refused. */
    public Rejection rejection() {
        return rejection;
    }
}
