package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Marks a {@link java.math.BigInteger} token amount in wei: written as a decimal JSON string
 * ({@code "30000000000000000000"}), so no JSON reader loses precision above 2^53 or 2^64. Reading
 * accepts only such a string (an optional minus sign, then digits); a JSON number is refused,
 * because a client that produced one may already have rounded it.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonSerialize(using = WeiAmount.Serializer.class)
@JsonDeserialize(using = WeiAmount.Deserializer.class)
public @interface WeiAmount {

    /** Writes the amount as a decimal JSON string. */
    final class Serializer extends ValueSerializer<BigInteger> {
        @Override
        public void serialize(BigInteger value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.toString());
        }
    }

    /** Reads a decimal JSON string, refusing anything else. */
    final class Deserializer extends ValueDeserializer<BigInteger> {
        // 2^256 has 78 digits: a longer string is not an amount and is not worth parsing.
        private static final int MAX_DIGITS = 80;
        private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

        @Override
        public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(
                        BigInteger.class,
                        "a wei amount is a decimal string such as \"1000000000000000000\", not %s",
                        p.currentToken());
            }
            String text = p.getString();
            if (text.length() > MAX_DIGITS || !DECIMAL.matcher(text).matches()) {
                return ctxt.reportInputMismatch(
                        BigInteger.class,
                        "a wei amount is a decimal string of digits, not \"%s\"",
                        text.length() > MAX_DIGITS ? text.substring(0, MAX_DIGITS) + "..." : text);
            }
            return new BigInteger(text);
        }
    }
}
