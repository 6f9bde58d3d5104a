package org.coophive.jobcreator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.PricingMode;
import org.coophive.jobcreator.deals.EngineSettings;

/**
 * The job creator's configuration from environment variables, shared by {@code run} (read without
 * Spring, for a fast start) and the daemon. Every problem names the variable.
 *
 * @param web3 {@code WEB3_*}
 * @param engine what the engine needs ({@code SERVICE_*}, {@code PRICING_*}, {@code TIMEOUT_*},
 *     {@code MEDIATION_CHANCE}, {@code JOBCREATOR_MATCH_TIMEOUT}, {@code DATA_DIR})
 */
public record JobCreatorEnvironment(Web3Properties web3, EngineSettings engine) {

    public static final String DATA_DIR = "DATA_DIR";
    public static final String DEFAULT_DATA_DIR = "./data/jobcreator";
    public static final String MATCH_TIMEOUT = "JOBCREATOR_MATCH_TIMEOUT";
    public static final String DOWNLOAD_ATTEMPTS = "JOBCREATOR_DOWNLOAD_ATTEMPTS";

    public JobCreatorEnvironment {
        Objects.requireNonNull(web3, "web3");
        Objects.requireNonNull(engine, "engine");
    }

    /**
     * Reads the variables.
     *
     * @throws IllegalArgumentException naming the first variable that is missing or malformed
     */
    public static JobCreatorEnvironment read(Map<String, String> env) {
        Web3Properties web3 = Web3Properties.fromEnvironment(env);
        ServiceParties parties = ServiceParties.fromEnvironment(env, true);
        PricingOptions pricing = PricingOptions.fromEnvironment(env, PricingMode.MARKET_PRICE);
        DealTimeouts timeouts = TimeoutOptions.fromEnvironment(env);
        int chance = integer(env, EngineSettings.MEDIATION_CHANCE, 0);
        Duration matchTimeout = duration(env, MATCH_TIMEOUT, Duration.ofMinutes(2));
        int attempts = integer(env, DOWNLOAD_ATTEMPTS, 3);
        if (attempts < 1)
            throw new IllegalArgumentException(DOWNLOAD_ATTEMPTS + " must be at least 1, not " + attempts);
        String dir = env.getOrDefault(DATA_DIR, "");
        Path dataDir = Path.of(dir.isBlank() ? DEFAULT_DATA_DIR : dir.strip());
        return new JobCreatorEnvironment(
                web3, new EngineSettings(parties, pricing, timeouts, chance, matchTimeout, dataDir, attempts, true));
    }

    static int integer(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return defaultValue;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value.strip());
        }
    }

    /** {@code 90}, {@code 90s}, {@code 5m}, {@code 1h} or an ISO-8601 duration. */
    public static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return defaultValue;
        return parseDuration(name, value);
    }

    /** {@code 90}, {@code 90s}, {@code 5m}, {@code 1h} or an ISO-8601 duration, positive. */
    public static Duration parseDuration(String name, String value) {
        String text = value.strip().toLowerCase(java.util.Locale.ROOT);
        Duration parsed;
        try {
            if (text.matches("\\d+")) parsed = Duration.ofSeconds(Long.parseLong(text));
            else if (text.matches("\\d+ms"))
                parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            else if (text.matches("\\d+s"))
                parsed = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            else if (text.matches("\\d+m"))
                parsed = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            else if (text.matches("\\d+h"))
                parsed = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            else parsed = Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a duration (like 90s, 5m, 1h): " + value.strip());
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value.strip());
        }
        return parsed;
    }
}
