package org.coophive.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Binds a service's {@code @ConfigurationProperties} record the way its daemon does, for the
 * commands that read the environment without starting one ({@code coophive run}): Boot's
 * {@link Binder} over the variables and the service's {@code application.properties}, which maps
 * each property to the variable users know and holds the default
 * ({@code coophive.jobcreator.match-timeout=${JOBCREATOR_MATCH_TIMEOUT:2m}}). The same record, the
 * same conversion and the same defaults, so a value means the same in both (a duration without a
 * unit is seconds, {@link Durations}).
 *
 * <p>A value that does not bind is reported naming its variable, found through the placeholder
 * that maps its property; the record's own checks already name theirs.
 */
public final class SettingsBinder {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::.*)?}");

    private final MutablePropertySources sources;
    private final PropertySource<?> mappings;

    private SettingsBinder(MutablePropertySources sources, PropertySource<?> mappings) {
        this.sources = sources;
        this.mappings = mappings;
    }

    /**
     * A binder over {@code variables} (the process environment, or a test's map) and the
     * classpath resource {@code mappings} (a service's {@code application.properties}).
     *
     * @param overrides properties that win over the variables (a command's fixed choices)
     */
    public static SettingsBinder over(Map<String, String> variables, String mappings, Map<String, Object> overrides) {
        PropertySource<?> resource = resource(mappings);
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("overrides", new HashMap<>(overrides)));
        sources.addLast(new SystemEnvironmentPropertySource("environment", new HashMap<>(variables)));
        sources.addLast(resource);
        return new SettingsBinder(sources, resource);
    }

    /**
     * Binds the record under {@code prefix}.
     *
     * @throws IllegalArgumentException naming the variable of the first value that does not bind
     *     (the record's own check, or "VARIABLE is not a valid value: ...")
     */
    public <T> T bind(String prefix, Class<T> type) {
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        } catch (BindException e) {
            throw explained(prefix, e);
        }
    }

    /** The variable a property is read from ({@code JOBCREATOR_MATCH_TIMEOUT}), or the property's own name. */
    public String variableOf(String property) {
        Object raw = mappings.getProperty(property);
        Matcher placeholder = PLACEHOLDER.matcher(raw == null ? "" : raw.toString());
        return placeholder.matches() ? placeholder.group(1) : property;
    }

    private RuntimeException explained(String prefix, BindException e) {
        Throwable cause = e;
        while (cause.getCause() != null) cause = cause.getCause();
        String property = e.getName().toString();
        if (property.equals(prefix) && cause instanceof IllegalArgumentException checked) {
            return checked;
        }
        String variable = variableOf(property);
        String value = valueOf(variable);
        if (e.getTarget().getType().resolve() == Duration.class) {
            Durations.parse(variable, value); // throws the one duration message
        }
        return new IllegalArgumentException(variable + " is not a valid value: " + value, e);
    }

    private String valueOf(String variable) {
        for (PropertySource<?> source : sources) {
            Object value = source.getProperty(variable);
            if (value != null) return value.toString().strip();
        }
        return "";
    }

    private static PropertySource<?> resource(String name) {
        try {
            return new ResourcePropertySource(name, new ClassPathResource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is missing from the service's jar", e);
        }
    }
}
