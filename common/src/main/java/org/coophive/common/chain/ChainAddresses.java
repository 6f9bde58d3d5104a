package org.coophive.common.chain;

import org.coophive.common.model.Addresses;

/**
 * The CoopHive contracts a client talks to: the controller from configuration, the others as the
 * controller reports them. All EIP-55 checksummed.
 */
public record ChainAddresses(
        String controller,
        String storage,
        String payments,
        String users,
        String mediation,
        String jobCreator,
        String token) {

    /** Checks and checksums every address. */
    public ChainAddresses {
        controller = Addresses.checksummed("controller", controller);
        storage = Addresses.checksummed("storage", storage);
        payments = Addresses.checksummed("payments", payments);
        users = Addresses.checksummed("users", users);
        mediation = Addresses.checksummed("mediation", mediation);
        jobCreator = Addresses.checksummed("jobCreator", jobCreator);
        token = Addresses.checksummed("token", token);
    }
}
