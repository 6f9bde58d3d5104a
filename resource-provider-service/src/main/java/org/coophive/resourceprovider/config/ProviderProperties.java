package org.coophive.resourceprovider.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.boot.convert.DurationUnit;

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
public record ProviderProperties(
        Path dataDir, @DurationUnit(ChronoUnit.SECONDS) Duration reconcileInterval, boolean testModeWrongResults) {

    public static final String DATA_DIR = "DATA_DIR";
    public static final String RECONCILE_INTERVAL = "RECONCILE_INTERVAL";
    public static final String TEST_MODE_WRONG_RESULTS = "TEST_MODE_WRONG_RESULTS";

    public ProviderProperties {
        if (dataDir == null) throw new InvalidConfigurationException(DATA_DIR + " must name a directory");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (reconcileInterval == null || reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new InvalidConfigurationException(RECONCILE_INTERVAL + " must be positive");
        }
    }

    /** @throws InvalidConfigurationException naming the first wrong variable */
    public static ProviderProperties fromEnvironment(Map<String, String> env) {
        return ProviderBinding.bind(env, "coophive.provider", ProviderProperties.class);
    }
}
