package org.coophive.jobcreator.config;

import java.util.Map;
import java.util.Objects;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.Durations;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SettingsBinder;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.model.PricingMode;
import org.coophive.jobcreator.deals.EngineSettings;

/**
 * The job creator's configuration from environment variables for {@code run}, bound the way the
 * daemon binds it: the same {@link JobCreatorProperties} record through common's
 * {@link SettingsBinder} (Boot's binder over the environment and the daemon's
 * {@code application.properties}), so a value means the same in both (a duration without a unit
 * is seconds, {@link Durations}). Every problem names the variable.
 *
 * @param web3 {@code WEB3_*}
 * @param engine what the engine needs ({@code SERVICE_*}, {@code PRICING_*}, {@code TIMEOUT_*},
 *     {@code MEDIATION_CHANCE}, {@code JOBCREATOR_MATCH_TIMEOUT}, {@code DATA_DIR})
 */
public record JobCreatorEnvironment(Web3Properties web3, EngineSettings engine) {

    static final String PREFIX = "coophive.jobcreator";

    public JobCreatorEnvironment {
        Objects.requireNonNull(web3, "web3");
        Objects.requireNonNull(engine, "engine");
    }

    /**
     * Reads the variables for a one-shot run: no job API and no on-chain jobs, whatever the
     * environment says for the daemon.
     *
     * @throws IllegalArgumentException naming the first variable that is missing or malformed
     */
    public static JobCreatorEnvironment read(Map<String, String> env) {
        Web3Properties web3 = Web3Properties.fromEnvironment(env);
        JobCreatorProperties properties =
                bind(env, Map.of(PREFIX + ".api-enabled", "false", PREFIX + ".on-chain-enabled", "false"));
        return new JobCreatorEnvironment(web3, engineSettings(properties, env));
    }

    /** The engine's settings from the daemon's record and common's {@code SERVICE_*}, {@code PRICING_*}, {@code TIMEOUT_*}. */
    static EngineSettings engineSettings(JobCreatorProperties properties, Map<String, String> env) {
        return new EngineSettings(
                ServiceParties.fromEnvironment(env, true),
                PricingOptions.fromEnvironment(env, PricingMode.MARKET_PRICE),
                TimeoutOptions.fromEnvironment(env),
                properties.mediationChance(),
                properties.matchTimeout(),
                properties.dataDir(),
                properties.downloadAttempts(),
                true);
    }

    /**
     * Binds {@link JobCreatorProperties} from {@code env} as the daemon does.
     *
     * @param overrides properties that win over the environment
     * @throws IllegalArgumentException naming the variable of the first value that does not bind
     */
    static JobCreatorProperties bind(Map<String, String> env, Map<String, Object> overrides) {
        return SettingsBinder.over(env, "application.properties", overrides).bind(PREFIX, JobCreatorProperties.class);
    }
}
