package org.coophive.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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

    public ContractAddresses {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(mediation, "mediation");
        Objects.requireNonNull(jobCreator, "jobCreator");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(exampleClient, "exampleClient");
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
