package org.coophive.common.signing;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link RequestVerifier#verify}: either the verified caller's address (EIP-55
 * checksummed) or the {@link Rejection} saying why the request was refused, never both.
 */
public final class Verification {

    private final String address;
    private final Rejection rejection;

    private Verification(String address, Rejection rejection) {
        this.address = address;
        this.rejection = rejection;
    }

    /** A verified request from {@code address}. */
    public static Verification verified(String address) {
        return new Verification(Objects.requireNonNull(address, "address"), null);
    }

    /** A refused request. */
    public static Verification rejected(Rejection rejection) {
        return new Verification(null, Objects.requireNonNull(rejection, "rejection"));
    }

    /** Whether the request was verified. */
    public boolean isVerified() {
        return address != null;
    }

    /** The verified caller's checksummed address; empty when rejected. */
    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    /** Why the request was refused; empty when verified. */
    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    /**
     * The verified caller's checksummed address.
     *
     * @throws RequestRejectedException carrying the rejection when the request was refused
     */
    public String addressOrThrow() {
        if (rejection != null) {
            throw new RequestRejectedException(rejection);
        }
        return address;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verification that
                && Objects.equals(address, that.address)
                && Objects.equals(rejection, that.rejection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, rejection);
    }

    @Override
    public String toString() {
        return address != null ? "Verification[verified " + address + "]" : "Verification[rejected " + rejection + "]";
    }
}
