package org.coophive.common.config;

import java.math.BigInteger;
import java.util.Map;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;

/**
 * A party's deadlines ({@code TIMEOUT_*}). Times are seconds; collaterals are token amounts
 * ({@link TokenAmounts}). The reference read each {@code *_TIME} from the matching
 * {@code *_COLLATERAL} variable; here every variable sets what its name says. The agree and
 * mediate-results collaterals are always 0 (the contracts require it), so those two variables do
 * not exist.
 */
public final class TimeoutOptions {

    public static final String AGREE_TIME = "TIMEOUT_AGREE_TIME";
    public static final String SUBMIT_RESULTS_TIME = "TIMEOUT_SUBMIT_RESULTS_TIME";
    public static final String SUBMIT_RESULTS_COLLATERAL = "TIMEOUT_SUBMIT_RESULTS_COLLATERAL";
    public static final String JUDGE_RESULTS_TIME = "TIMEOUT_JUDGE_RESULTS_TIME";
    public static final String JUDGE_RESULTS_COLLATERAL = "TIMEOUT_JUDGE_RESULTS_COLLATERAL";
    public static final String MEDIATE_RESULTS_TIME = "TIMEOUT_MEDIATE_RESULTS_TIME";

    private static final long MAX_SECONDS = 0xFFFF_FFFFL;

    private TimeoutOptions() {}

    /**
     * Reads the variables, each defaulting to the seed's value: every time 3600 s, the submit and
     * judge collaterals 1 token.
     *
     * @throws IllegalArgumentException naming the first malformed variable
     */
    public static DealTimeouts fromEnvironment(Map<String, String> env) {
        return new DealTimeouts(
                DealTimeout.of(seconds(env, AGREE_TIME)),
                new DealTimeout(seconds(env, SUBMIT_RESULTS_TIME), collateral(env, SUBMIT_RESULTS_COLLATERAL)),
                new DealTimeout(seconds(env, JUDGE_RESULTS_TIME), collateral(env, JUDGE_RESULTS_COLLATERAL)),
                DealTimeout.of(seconds(env, MEDIATE_RESULTS_TIME)));
    }

    private static long seconds(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return 3600;
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number of seconds: " + value.strip());
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    name + " must be between 1 and " + MAX_SECONDS + " seconds, not " + seconds);
        }
        return seconds;
    }

    private static BigInteger collateral(Map<String, String> env, String name) {
        String value = env.get(name);
        return TokenAmounts.parse(name, value == null || value.isBlank() ? "1" : value);
    }
}
