package org.coophive.resourceprovider.config;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * The Spring environment seen as the map of variables common's {@code fromEnvironment} methods
 * read: command-line flags (as rewritten by {@link CommandLineFlags}), properties and the process
 * environment, by their exact names ({@code OFFER_GPU}).
 */
public final class EnvironmentValues extends AbstractMap<String, String> {

    private final Environment environment;

    public EnvironmentValues(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String get(Object key) {
        return key instanceof String name ? environment.getProperty(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** Not listable: only looked up by name. */
    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return Set.of();
    }
}
