package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.coophive.contracts.AgreementState;
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
 * Marks an {@link org.coophive.contracts.AgreementState} written as its Solidity code, a JSON
 * number ({@code 1} for DealAgreed), as the reference's containers carry it. Reading accepts only
 * a known code; anything else fails with a message naming the valid range.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonSerialize(using = AgreementStateCode.Serializer.class)
@JsonDeserialize(using = AgreementStateCode.Deserializer.class)
public @interface AgreementStateCode {

    /** Writes the Solidity code as a JSON number. */
    final class Serializer extends ValueSerializer<AgreementState> {
        @Override
        public void serialize(AgreementState value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeNumber(value.code());
        }
    }

    /** Reads a known Solidity code, refusing anything else. */
    final class Deserializer extends ValueDeserializer<AgreementState> {
        private static final String KNOWN = Arrays.stream(AgreementState.values())
                .map(state -> state.code() + " " + state)
                .collect(Collectors.joining(", "));

        @Override
        public AgreementState deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                return ctxt.reportInputMismatch(
                        AgreementState.class,
                        "an agreement state is its Solidity code, a JSON integer (%s), not %s",
                        KNOWN,
                        p.currentToken());
            }
            String code = p.getString();
            return Arrays.stream(AgreementState.values())
                    .filter(state -> String.valueOf(state.code()).equals(code))
                    .findFirst()
                    .orElseGet(() -> ctxt.reportInputMismatch(
                            AgreementState.class, "unknown agreement state code %s; the codes are %s", code, KNOWN));
        }
    }
}
