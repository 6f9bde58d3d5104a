package org.coophive.resourceprovider.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.config.Durations;

/**
 * How the provider daemon itself behaves.
 *
 * @param dataDir {@code DATA_DIR} (default {@code ./data/resource-provider}): the journal, job
 *     results and module cache; keep it across restarts, it is what makes them exactly-once
 * @param reconcileInterval {@code RECONCILE_INTERVAL} (default {@code 10s}; a number alone is seconds): the periodic pass
 *     that catches anything no event announced
 * @param testModeWrongResults {@code TEST_MODE_WRONG_RESULTS} (default false): post deliberately
 *     wrong results, to show a mediator rejecting them; never on a real network
 */
public record ProviderProperties(Path dataDir, Duration reconcileInterval, boolean testModeWrongResults) {

    public static final String DATA_DIR = "DATA_DIR";
    public static final String RECONCILE_INTERVAL = "RECONCILE_INTERVAL";
    public static final String TEST_MODE_WRONG_RESULTS = "TEST_MODE_WRONG_RESULTS";

    public ProviderProperties {
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new InvalidConfigurationException(RECONCILE_INTERVAL + " must be positive");
        }
    }

    /** @throws InvalidConfigurationException naming the first wrong variable */
    public static ProviderProperties fromEnvironment(Map<String, String> env) {
        String dir = Values.text(env, DATA_DIR, "./data/resource-provider");
        Path dataDir;
        try {
            dataDir = Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(DATA_DIR + " is not a path: " + dir);
        }
        Duration interval;
        try {
            interval = Durations.parse(RECONCILE_INTERVAL, Values.text(env, RECONCILE_INTERVAL, "10s"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        return new ProviderProperties(dataDir, interval, Values.bool(env, TEST_MODE_WRONG_RESULTS));
    }
}
