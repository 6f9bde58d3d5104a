package org.coophive.common.config;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Token amounts as people write them in configuration: tokens with 18 decimals, or wei. */
public final class TokenAmounts {

    /** Wei per token (the token has 18 decimals). */
    public static final BigInteger WEI_PER_TOKEN = BigInteger.TEN.pow(18);

    private TokenAmounts() {}

    /**
     * Parses {@code 1}, {@code 0.25} (tokens) or {@code 1000wei} into wei.
     *
     * @param name the variable or option, for the message
     * @throws IllegalArgumentException naming {@code name} when the value is not a non-negative
     *     amount or has more than 18 decimals
     */
    public static BigInteger parse(String name, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is empty");
        String text = value.strip();
        try {
            if (text.endsWith("wei")) {
                BigInteger wei =
                        new BigInteger(text.substring(0, text.length() - 3).strip());
                if (wei.signum() < 0) throw new IllegalArgumentException(name + " must not be negative: " + text);
                return wei;
            }
            BigDecimal tokens = new BigDecimal(text);
            if (tokens.signum() < 0) throw new IllegalArgumentException(name + " must not be negative: " + text);
            BigDecimal wei = tokens.multiply(new BigDecimal(WEI_PER_TOKEN));
            if (wei.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(name + " has more than 18 decimals: " + text);
            }
            return wei.toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " is not a token amount: \"" + text
                    + "\" (write tokens like 1 or 0.5, or wei like 1000wei)");
        }
    }

    /** Wei as tokens for people: {@code 1.5} for 1.5 x 10^18 wei. */
    public static String format(BigInteger wei) {
        BigDecimal tokens = new BigDecimal(wei).divide(new BigDecimal(WEI_PER_TOKEN));
        return tokens.stripTrailingZeros().toPlainString();
    }
}
