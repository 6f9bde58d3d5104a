package org.coophive.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a duration is written in the environment, for every service and command: a number
 * with a unit ({@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 7d}), a number without one
 * meaning <b>seconds</b> ({@code 90} is 90 s), or ISO-8601 ({@code PT1H}).
 *
 * <p>The daemons bind their {@code @ConfigurationProperties} durations with
 * {@code @DurationUnit(ChronoUnit.SECONDS)}, which reads the same forms the same way (Spring's own
 * default unit, milliseconds, is never used); commands that read the environment themselves call
 * {@link #parse}. Each service's tests check that both agree.
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)?");

    private Durations() {}

    /**
     * Parses a positive duration.
     *
     * @param name the variable or flag, named in the message when the value is wrong
     * @throws IllegalArgumentException naming {@code name} when the value is not a positive duration
     */
    public static Duration parse(String name, String value) {
        String text = value == null ? "" : value.strip();
        Duration parsed;
        try {
            parsed = parseSigned(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a duration (like 90s, 5m, 1h): " + text);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + text);
        }
        return parsed;
    }

    private static Duration parseSigned(String text) {
        Matcher simple = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
        if (!simple.matches()) return Duration.parse(text.toUpperCase(Locale.ROOT));
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "s" : simple.group(2);
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
