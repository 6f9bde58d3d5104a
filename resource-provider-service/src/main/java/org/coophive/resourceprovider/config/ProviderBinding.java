package org.coophive.resourceprovider.config;

import java.util.Map;
import org.coophive.common.config.SettingsBinder;
import org.coophive.common.config.SpringSettings;
import org.coophive.executor.ExecutorSettings;

/**
 * The provider's records bound from the variables as every service binds them (common's
 * {@link SettingsBinder} over {@code application.properties}, which maps each property to its
 * variable and holds its default); every message names the variable and its flag.
 */
final class ProviderBinding {

    private ProviderBinding() {}

    /**
     * Binds the record under {@code prefix} from {@code variables}.
     *
     * @throws InvalidConfigurationException naming the first wrong variable (and its flag)
     */
    static <T> T bind(Map<String, String> variables, String prefix, Class<T> type) {
        try {
            return SettingsBinder.over(SpringSettings.withoutBlanks(variables), "application.properties", Map.of())
                    .reportingWith(ProviderBinding::refusal)
                    .bind(prefix, type);
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * The executor's settings ({@link ExecutorSettings#bind}), reported as the provider reports
     * its own: each message names the variable and its flag.
     *
     * @throws InvalidConfigurationException naming the first wrong variable (and its flag)
     */
    static ExecutorSettings executor(Map<String, String> variables) {
        try {
            return ExecutorSettings.bind(variables, "application.properties", ProviderBinding::refusal);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(labelled(e.getMessage()), e);
        }
    }

    /** The message with the variable it starts with followed by its flag, unless it already is. */
    private static String labelled(String message) {
        int end = message.indexOf(' ');
        String first = end < 0 ? message : message.substring(0, end);
        if (!CommandLineFlags.FLAGS.containsValue(first) || message.startsWith(label(first))) return message;
        return label(first) + message.substring(first.length());
    }

    /** A whole number in {@code min..max}, or an exception naming the variable and its flag. */
    static long within(String variable, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(
                    label(variable) + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** "OFFER_GPU (--offer-gpu)" for a variable that has a flag, else the variable. */
    static String label(String variable) {
        return variable
                + CommandLineFlags.FLAGS.entrySet().stream()
                        .filter(e -> e.getValue().equals(variable))
                        .map(e -> " (--" + e.getKey() + ")")
                        .findFirst()
                        .orElse("");
    }

    private static String refusal(String variable, String value, Class<?> type) {
        return SettingsBinder.inWords(label(variable), value, type);
    }
}
