package org.coophive.solver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.coophive.common.model.Violation;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON request bodies: at most {@link #LIMIT} bytes (413 beyond), {@code Content-Type:
 * application/json} in UTF-8 (415 otherwise, including another {@code charset}), valid UTF-8,
 * well-formed, strictly typed, without duplicate members and of the expected shape (400
 * otherwise, naming the field). The raw bytes are read first because the signature covers them.
 */
@Component
public class JsonBodies {

    /** The largest JSON body accepted: 1 MiB. */
    public static final int LIMIT = 1 << 20;

    private final JsonMapper json;

    /**
     * Strict: no coercion between strings, numbers and booleans (so {@code "64000"}, {@code
     * 64000.5} and {@code 1e3} are not a milli-CPU count, a number is not a string input), no
     * duplicate members (the signed bytes and the stored offer must not disagree).
     */
    public JsonBodies(JsonMapper json) {
        this.json = json.rebuild()
                .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfigDefaults(config -> config.setCoercion(
                                tools.jackson.databind.cfg.CoercionInputShape.String,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(
                                tools.jackson.databind.cfg.CoercionInputShape.Float,
                                tools.jackson.databind.cfg.CoercionAction.Fail))
                .withCoercionConfig(tools.jackson.databind.type.LogicalType.Textual, config -> config.setCoercion(
                                tools.jackson.databind.cfg.CoercionInputShape.Integer,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(
                                tools.jackson.databind.cfg.CoercionInputShape.Float,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(
                                tools.jackson.databind.cfg.CoercionInputShape.Boolean,
                                tools.jackson.databind.cfg.CoercionAction.Fail))
                .build();
    }

    /**
     * The body bytes, at most {@link #LIMIT}.
     *
     * @throws ProblemException 413 when the body is larger
     */
    public byte[] read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > LIMIT) {
            throw tooLarge(declared);
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, LIMIT)));
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > LIMIT) {
                    throw tooLarge(total);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // The client broke the connection mid-body: its mistake (or its network's), not ours.
            throw ProblemException.invalid("the request body could not be read: " + e.getMessage(), List.of());
        }
    }

    /**
     * The body as {@code type}.
     *
     * @throws ProblemException 415 when the body is not declared as JSON, 400 when it is not
     *     valid JSON of that shape
     */
    public <T> T parse(HttpServletRequest request, byte[] body, Class<T> type) {
        requireJson(request.getContentType());
        String text = utf8(body);
        T value;
        try {
            value = json.readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(text);
        } catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : Integer.toString(reference.getIndex()))
                    .collect(Collectors.joining("."));
            String message = e.getOriginalMessage();
            throw ProblemException.invalid(
                    "the body is not a valid " + name(type) + ": " + message,
                    field.isEmpty() ? List.of() : List.of(new Violation(field, message)));
        } catch (JacksonException e) {
            throw ProblemException.invalid("the body is not valid JSON: " + e.getOriginalMessage(), List.of());
        }
        if (value == null) {
            throw ProblemException.invalid("the body is JSON null; send a " + name(type), List.of());
        }
        return value;
    }

    /**
     * The body as UTF-8, decoded strictly: overlong forms, lone surrogates and other invalid
     * sequences are a 400, and a UTF-16 or UTF-32 body is not guessed at (its NUL bytes make it
     * invalid JSON).
     */
    private static String utf8(byte[] body) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ProblemException.invalid("the body is not valid UTF-8; send JSON in UTF-8", List.of());
        }
    }

    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ProblemException.unsupportedMediaType("the body has no Content-Type; send application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw ProblemException.unsupportedMediaType(
                    "Content-Type " + contentType + " is malformed; send application/json");
        }
        if (!type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
            throw ProblemException.unsupportedMediaType(
                    "Content-Type " + contentType + " is not accepted here; send application/json");
        }
        if (type.getCharset() != null && !type.getCharset().equals(java.nio.charset.StandardCharsets.UTF_8)) {
            throw ProblemException.unsupportedMediaType(
                    "charset " + type.getCharset().name() + " is not accepted; send application/json in UTF-8");
        }
    }

    private static ProblemException tooLarge(long bytes) {
        return ProblemException.tooLarge("the JSON body has more than " + LIMIT + " bytes (" + bytes + " seen)");
    }

    private static String name(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
