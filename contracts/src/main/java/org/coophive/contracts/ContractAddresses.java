package org.coophive.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/**
 * Where a deployment of the CoopHive contracts lives. Services need only the controller's
 * address ({@code WEB3_CONTROLLER_ADDRESS}); the others can be read from the controller.
 */
public record ContractAddresses(
        String token,
        String payments,
        String storage,
        String users,
        String mediation,
        String jobCreator,
        String controller,
        String exampleClient) {

    /** Addresses are kept EIP-55 checksummed, as every service compares and prints them. */
    public ContractAddresses {
        token = checksummed("token", token);
        payments = checksummed("payments", payments);
        storage = checksummed("storage", storage);
        users = checksummed("users", users);
        mediation = checksummed("mediation", mediation);
        jobCreator = checksummed("jobCreator", jobCreator);
        controller = checksummed("controller", controller);
        exampleClient = checksummed("exampleClient", exampleClient);
    }

    private static String checksummed(String name, String address) {
        Objects.requireNonNull(address, name);
        if (!address.startsWith("0x") || !WalletUtils.isValidAddress(address)) {
            throw new IllegalArgumentException(name + " is not an address: " + address);
        }
        return Keys.toChecksumAddress(address);
    }

    /** The addresses as the environment variables the services and the stack read, in deployment order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WEB3_CONTROLLER_ADDRESS", controller);
        env.put("WEB3_TOKEN_ADDRESS", token);
        env.put("WEB3_PAYMENTS_ADDRESS", payments);
        env.put("WEB3_STORAGE_ADDRESS", storage);
        env.put("WEB3_USERS_ADDRESS", users);
        env.put("WEB3_MEDIATION_ADDRESS", mediation);
        env.put("WEB3_JOBCREATOR_ADDRESS", jobCreator);
        env.put("WEB3_EXAMPLE_CLIENT_ADDRESS", exampleClient);
        return env;
    }
}
