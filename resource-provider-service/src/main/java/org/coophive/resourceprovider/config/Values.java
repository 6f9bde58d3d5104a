package org.coophive.resourceprovider.config;

import java.util.Map;

/** Reading one variable, with the message naming it and its flag. */
final class Values {

    private Values() {}

    static String text(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    static long wholeNumber(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = text(env, name, null);
        if (value == null) return defaultValue;
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(name + flag(name) + " is not a whole number: " + value);
        }
        if (parsed < min || parsed > max) {
            throw new InvalidConfigurationException(
                    name + flag(name) + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    static boolean bool(Map<String, String> env, String name) {
        String value = text(env, name, "false").toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidConfigurationException(
                    name + flag(name) + " must be true or false, not " + value);
        };
    }

    /** " (--offer-gpu)" for a variable that has a flag. */
    static String flag(String variable) {
        return CommandLineFlags.FLAGS.entrySet().stream()
                .filter(e -> e.getValue().equals(variable))
                .map(e -> " (--" + e.getKey() + ")")
                .findFirst()
                .orElse("");
    }
}
