package org.coophive.jobcreator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.Durations;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.model.PricingMode;
import org.coophive.jobcreator.deals.EngineSettings;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The job creator's configuration from environment variables for {@code run}, bound the way the
 * daemon binds it: the same {@link JobCreatorProperties} record, through Boot's {@link Binder} over
 * the environment and the daemon's {@code application.properties} (which maps each variable to its
 * property and holds the defaults), so a value means the same in both (a duration without a unit
 * is seconds, {@link Durations}). Every problem names the variable.
 *
 * @param web3 {@code WEB3_*}
 * @param engine what the engine needs ({@code SERVICE_*}, {@code PRICING_*}, {@code TIMEOUT_*},
 *     {@code MEDIATION_CHANCE}, {@code JOBCREATOR_MATCH_TIMEOUT}, {@code DATA_DIR})
 */
public record JobCreatorEnvironment(Web3Properties web3, EngineSettings engine) {

    public static final String DEFAULT_DATA_DIR = "./data/jobcreator";
    static final String PREFIX = "coophive.jobcreator";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::.*)?}");

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
        ResourcePropertySource defaults = applicationProperties();
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("overrides", overrides));
        sources.addLast(new SystemEnvironmentPropertySource("environment", new HashMap<>(env)));
        sources.addLast(defaults);
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        try {
            return binder.bindOrCreate(PREFIX, Bindable.of(JobCreatorProperties.class));
        } catch (BindException e) {
            throw explained(e, defaults, env);
        }
    }

    private static ResourcePropertySource applicationProperties() {
        try {
            return new ResourcePropertySource(
                    "application.properties", new ClassPathResource("application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("the job creator's application.properties is missing from its jar", e);
        }
    }

    /**
     * The record's own check already names the variable; a value that does not convert is named
     * through the placeholder {@code application.properties} maps its property from.
     */
    private static IllegalArgumentException explained(
            BindException e, ResourcePropertySource defaults, Map<String, String> env) {
        Throwable cause = e;
        while (cause.getCause() != null) cause = cause.getCause();
        if (e.getName().toString().equals(PREFIX) && cause instanceof IllegalArgumentException checked) {
            return checked;
        }
        Object raw = defaults.getProperty(e.getName().toString());
        Matcher placeholder = PLACEHOLDER.matcher(raw == null ? "" : raw.toString());
        String variable =
                placeholder.matches() ? placeholder.group(1) : e.getName().toString();
        String value = env.getOrDefault(variable, "").strip();
        if (e.getTarget().getType().resolve() == java.time.Duration.class) {
            Durations.parse(variable, value); // throws the one duration message
        }
        return new IllegalArgumentException(variable + " is not a valid value: " + value, e);
    }
}
