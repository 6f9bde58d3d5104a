package org.coophive.common.config;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.coophive.common.chain.Web3Properties;
import org.springframework.core.env.PropertyResolver;

/**
 * The bridge from Spring's environment (the process environment, command-line arguments, or
 * properties in tests) to the {@code Map} the shared settings parse ({@link
 * Web3Properties#fromEnvironment}, {@link ServiceParties}, {@link PricingOptions}, {@link
 * TimeoutOptions}, {@link SolverLocator}): one place for every service that reads them in a Spring
 * context, so a variable is looked up the same way in each.
 */
public final class SpringSettings {

    private SpringSettings() {}

    /**
     * The environment as the variables by their exact names ({@code SERVICE_SOLVER}): a live view,
     * looked up by name only (it cannot be listed).
     */
    public static Map<String, String> variables(PropertyResolver environment) {
        return lookup(environment::getProperty);
    }

    /**
     * The variables without surrounding blanks, one set to blanks counting as not set (so its
     * default applies): a live view of {@code variables}, looked up by name only.
     */
    public static Map<String, String> withoutBlanks(Map<String, String> variables) {
        return lookup(name -> {
            String value = variables.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        });
    }

    /** A map that can only be looked up by name, through {@code values}. */
    private static Map<String, String> lookup(Function<String, String> values) {
        return new AbstractMap<>() {
            @Override
            public String get(Object key) {
                return key instanceof String name ? values.apply(name) : null;
            }

            @Override
            public boolean containsKey(Object key) {
                return get(key) != null;
            }

            @Override
            public Set<Map.Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
    }

    /** The named variables that are set, by name (a copy that can be listed). */
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
        return Web3Properties.fromEnvironment(variables(environment));
    }
}
