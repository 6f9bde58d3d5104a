package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * How an offer prices a job, written as the reference's JSON strings. A job creator defaults to
 * {@link #MARKET_PRICE} ("buy the cheapest"), a resource provider must use {@link #FIXED_PRICE}
 * ("take it or leave it"); the validator rejects a market-price resource offer. Reading an
 * unknown string fails with a message naming it, whatever the mapper's enum settings.
 */
@JsonDeserialize(using = PricingMode.Reader.class)
public enum PricingMode {
    /** {@code "MarketPrice"}: take whatever matching resource offer is cheapest. */
    MARKET_PRICE("MarketPrice"),
    /** {@code "FixedPrice"}: match only at the offered instruction price. */
    FIXED_PRICE("FixedPrice");

    private final String wireName;

    PricingMode(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON string. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The mode with the given JSON string (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown string and the valid ones
     */
    public static PricingMode ofWireName(String wireName) {
        return Arrays.stream(values())
                .filter(mode -> mode.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown pricing mode \"" + wireName + "\": expected \"MarketPrice\" or \"FixedPrice\""));
    }

    @Override
    public String toString() {
        return wireName;
    }

    // A deserializer of our own, not a @JsonCreator: READ_UNKNOWN_ENUM_VALUES_AS_NULL would
    // otherwise turn an unknown mode into a silent null.
    /** Jackson's reader of pricing modes; public so that any mapper may instantiate it. */
    public static final class Reader extends ValueDeserializer<PricingMode> {
        @Override
        public PricingMode deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(
                        PricingMode.class,
                        "a pricing mode is the string \"MarketPrice\" or \"FixedPrice\", not %s",
                        p.currentToken());
            }
            try {
                return ofWireName(p.getString());
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(PricingMode.class, "%s", e.getMessage());
            }
        }
    }
}
