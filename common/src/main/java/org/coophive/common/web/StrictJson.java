package org.coophive.common.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.coophive.common.model.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one way every service reads a JSON request body: declared {@code application/json} in
 * UTF-8 (anything else, including another {@code charset}, is a {@link Refused} with status 415),
 * valid UTF-8, well-formed, strictly typed and without duplicate members (400 otherwise, naming
 * the field). Strict because what a client signs or pays for must be what is stored: {@code
 * "64000"}, {@code 64000.5} and {@code 1e3} are not a whole number, a number or a boolean is not
 * a string, and a member given twice is not "the last one".
 */
public final class StrictJson {

    private StrictJson() {}

    /** A body refused: {@link #status()} 400 or 415, a detail for people, the fields at fault. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final transient List<Violation> errors;

        Refused(int status, String detail, List<Violation> errors) {
            super(detail);
            this.status = status;
            this.errors = List.copyOf(errors);
        }

        /** 400 (not valid JSON of the expected shape) or 415 (not JSON in UTF-8). */
        public int status() {
            return status;
        }

        /** The fields at fault, empty when the body as a whole is. */
        public List<Violation> errors() {
            return errors;
        }
    }

    /** {@code base} with no coercion between strings, numbers and booleans and no duplicate members. */
    public static JsonMapper strict(JsonMapper base) {
        return base.rebuild()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfigDefaults(config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config.setCoercion(
                                CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /**
     * {@code body}, declared as {@code contentType}, read as {@code type} by {@code strict} (a
     * mapper made by {@link #strict}); unknown members are ignored.
     *
     * @throws Refused 415 when the body is not declared as JSON in UTF-8, 400 when it is not
     *     valid UTF-8 or not valid JSON of that shape, or JSON {@code null}
     */
    public static <T> T parse(JsonMapper strict, String contentType, byte[] body, Class<T> type) {
        requireJson(contentType);
        String text = utf8(body);
        T value;
        try {
            value = strict.readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
        } catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : Integer.toString(reference.getIndex()))
                    .collect(Collectors.joining("."));
            String message = withoutClassNames(e.getOriginalMessage());
            throw new Refused(
                    400,
                    "the body is not a valid " + name(type) + ": " + message,
                    field.isEmpty() ? List.of() : List.of(new Violation(field, message)));
        } catch (JacksonException e) {
            throw new Refused(
                    400, "the body is not valid JSON: " + withoutClassNames(e.getOriginalMessage()), List.of());
        }
        if (value == null) throw new Refused(400, "the body is JSON null; send a " + name(type), List.of());
        return value;
    }

    /**
     * The body as UTF-8, decoded strictly: overlong forms, lone surrogates and other invalid
     * sequences are refused, and a UTF-16 or UTF-32 body is not guessed at.
     */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refused(400, "the body is not valid UTF-8; send JSON in UTF-8", List.of());
        }
    }

    /** Refuses (415) a Content-Type other than {@code application/json}, or with a charset other than UTF-8. */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new Refused(415, "the body has no Content-Type; send application/json", List.of());
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw new Refused(
                    415, "Content-Type " + contentType + " is not accepted here; send application/json", List.of());
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            String name =
                    equals < 0 ? parameter : parameter.substring(0, equals).strip();
            if (!name.equalsIgnoreCase("charset")) continue;
            String charset = equals < 0 ? "" : parameter.substring(equals + 1).strip();
            if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                charset = charset.substring(1, charset.length() - 1);
            }
            String normal = charset.toLowerCase(Locale.ROOT);
            if (!normal.equals("utf-8") && !normal.equals("utf8")) {
                throw new Refused(
                        415, "charset " + charset + " is not accepted; send application/json in UTF-8", List.of());
            }
        }
    }

    /** A quoted class name in a parser message ({@code `org.x.Request$Limits`}) becomes its simple name. */
    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("`(?:[A-Za-z_$][\\w$]*\\.)+(?:[\\w]+\\$)*([\\w]+)`");

    /** {@code message} without the package and outer class names Jackson quotes: no internals in a detail. */
    static String withoutClassNames(String message) {
        return message == null ? "" : CLASS_NAME.matcher(message).replaceAll("`$1`");
    }

    private static String name(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
