package org.coophive.common.config;

import java.util.HashMap;
import java.util.Map;
import org.coophive.common.chain.Web3Properties;
import org.springframework.core.env.PropertyResolver;

/**
 * The bridge from Spring's environment (the process environment, or properties in tests) to the
 * {@code Map} the shared settings parse ({@link Web3Properties#fromEnvironment}, {@link
 * ServiceParties}, {@link SolverLocator}): one place for the services that read them in a Spring
 * context.
 */
public final class SpringSettings {

    private SpringSettings() {}

    /** The named variables that are set, by name. */
    public static Map<String, String> of(PropertyResolver environment, String... names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String value = environment.getProperty(name);
            if (value != null) values.put(name, value);
        }
        return values;
    }

    /** The chain settings and key from the four {@code WEB3_*} variables. */
    public static Web3Properties web3(PropertyResolver environment) {
        return Web3Properties.fromEnvironment(of(
                environment,
                Web3Properties.RPC_URL,
                Web3Properties.PRIVATE_KEY,
                Web3Properties.CHAIN_ID,
                Web3Properties.CONTROLLER_ADDRESS));
    }
}
