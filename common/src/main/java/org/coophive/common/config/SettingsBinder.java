package org.coophive.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * Binds a service's configuration record from the variables users know: Boot's {@link Binder} over
 * the variables and the service's {@code application.properties}, which maps each property to its
 * variable and holds the default ({@code
 * coophive.jobcreator.match-timeout=${JOBCREATOR_MATCH_TIMEOUT:2m}}), exactly as Spring binds the
 * daemon's {@code @ConfigurationProperties}. A command that starts no daemon ({@code coophive run})
 * binds the daemon's record through it, and the provider its records; the same record, conversion
 * and defaults, so a value means the same everywhere (a duration without a unit is seconds,
 * {@link Durations}).
 *
 * <p>A value that does not bind is reported naming its variable, found through the placeholder
 * that maps its property; the record's own checks already name theirs.
 */
public final class SettingsBinder {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::.*)?}");

    /**
     * How a value that does not convert to its property's type is reported; the default says
     * "VARIABLE is not a valid value: text".
     */
    @FunctionalInterface
    public interface Refusal {
        String message(String variable, String value, Class<?> type);
    }

    private final MutablePropertySources sources;
    private final PropertySource<?> mappings;
    private final Refusal refusal;

    private SettingsBinder(MutablePropertySources sources, PropertySource<?> mappings, Refusal refusal) {
        this.sources = sources;
        this.mappings = mappings;
        this.refusal = refusal;
    }

    /**
     * A binder over {@code variables} (the process environment, {@link SpringSettings#variables} of
     * a daemon's environment, or a test's map) and the classpath resource {@code mappings} (a
     * service's {@code application.properties}).
     *
     * @param overrides properties that win over the variables (a command's fixed choices)
     */
    public static SettingsBinder over(Map<String, String> variables, String mappings, Map<String, Object> overrides) {
        PropertySource<?> resource = resource(mappings);
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("overrides", new HashMap<>(overrides)));
        sources.addLast(new SystemEnvironmentPropertySource("environment", Collections.unmodifiableMap(variables)));
        sources.addLast(resource);
        return new SettingsBinder(
                sources, resource, (variable, value, type) -> variable + " is not a valid value: " + value);
    }

    /**
     * A value that does not convert, in words a person acts on: {@code X is not a whole number: y},
     * {@code X must be true or false, not y}, {@code X must be docker or bacalhau, not y} (an enum's
     * constants, lower case with dashes), else {@code X is not a valid value: y}. The provider and
     * the executor's settings report with it.
     */
    public static String inWords(String variable, String value, Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return variable + " is not a whole number: " + value;
        }
        if (type == boolean.class || type == Boolean.class) {
            return variable + " must be true or false, not " + value;
        }
        if (type.isEnum()) {
            List<String> choices = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                choices.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return variable + " must be " + String.join(" or ", choices) + ", not " + value.toLowerCase(Locale.ROOT);
        }
        return variable + " is not a valid value: " + value;
    }

    /** This binder, reporting values that do not convert in the service's own words. */
    public SettingsBinder reportingWith(Refusal refusal) {
        return new SettingsBinder(sources, mappings, refusal);
    }

    /**
     * Binds the record under {@code prefix}.
     *
     * @throws RuntimeException the record's own exception when it refuses a value, else an
     *     {@link IllegalArgumentException} naming the variable of the first value that does not convert
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
    private String variableOf(String property) {
        Object raw = mappings.getProperty(property);
        Matcher placeholder = PLACEHOLDER.matcher(raw == null ? "" : raw.toString());
        return placeholder.matches() ? placeholder.group(1) : property;
    }

    private RuntimeException explained(String prefix, BindException e) {
        Throwable cause = e;
        while (cause.getCause() != null) cause = cause.getCause();
        String property = e.getName().toString();
        if (property.equals(prefix) && cause instanceof RuntimeException checked) {
            return checked;
        }
        String variable = variableOf(property);
        String value = valueOf(variable);
        Class<?> type = e.getTarget().getType().resolve(Object.class);
        if (type == Duration.class) {
            Durations.parse(variable, value); // throws the one duration message
        }
        return new IllegalArgumentException(refusal.message(variable, value, type), e);
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
