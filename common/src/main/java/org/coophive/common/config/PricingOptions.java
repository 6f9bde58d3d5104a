package org.coophive.common.config;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.PricingMode;

/**
 * A party's prices ({@code PRICING_*}, seed names). Amounts are wei; in the environment they are
 * tokens or wei ({@link TokenAmounts}).
 *
 * @param mode how the party prices ({@code PRICING_MODE}: {@code MarketPrice} or {@code FixedPrice})
 * @param pricing the amounts, as they go in an offer
 */
public record PricingOptions(PricingMode mode, DealPricing pricing) {

    public static final String MODE = "PRICING_MODE";
    public static final String INSTRUCTION_PRICE = "PRICING_INSTRUCTION_PRICE";
    public static final String PAYMENT_COLLATERAL = "PRICING_PAYMENT_COLLATERAL";
    public static final String RESULTS_COLLATERAL_MULTIPLE = "PRICING_RESULTS_COLLATERAL_MULTIPLE";
    public static final String MEDIATION_FEE = "PRICING_MEDIATION_FEE";

    public PricingOptions {
        Objects.requireNonNull(mode, MODE);
        Objects.requireNonNull(pricing, "pricing");
    }

    /**
     * Reads the variables, each defaulting to the seed's value: instruction price 1 token,
     * payment collateral 2 tokens, results collateral multiple 2, mediation fee 1 token.
     *
     * @param defaultMode the role's default mode (job creator MarketPrice, provider FixedPrice)
     * @throws IllegalArgumentException naming the first malformed variable
     */
    public static PricingOptions fromEnvironment(Map<String, String> env, PricingMode defaultMode) {
        String mode = env.get(MODE);
        PricingMode parsedMode;
        try {
            parsedMode = mode == null || mode.isBlank() ? defaultMode : PricingMode.ofWireName(mode.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + ": " + e.getMessage(), e);
        }
        long multiple;
        String multipleText = env.getOrDefault(RESULTS_COLLATERAL_MULTIPLE, "2").strip();
        try {
            multiple = Long.parseLong(multipleText.isEmpty() ? "2" : multipleText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RESULTS_COLLATERAL_MULTIPLE + " is not a whole number: " + multipleText);
        }
        if (multiple < 0) {
            throw new IllegalArgumentException(RESULTS_COLLATERAL_MULTIPLE + " must not be negative: " + multiple);
        }
        return new PricingOptions(
                parsedMode,
                new DealPricing(
                        amount(env, INSTRUCTION_PRICE, "1"),
                        amount(env, PAYMENT_COLLATERAL, "2"),
                        multiple,
                        amount(env, MEDIATION_FEE, "1")));
    }

    private static BigInteger amount(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return TokenAmounts.parse(name, value == null || value.isBlank() ? defaultValue : value);
    }
}
