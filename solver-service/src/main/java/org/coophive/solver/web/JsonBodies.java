package org.coophive.solver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.coophive.common.web.StrictJson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON request bodies: at most {@link #LIMIT} bytes (413 beyond), then by common's {@link
 * StrictJson} rules ({@code application/json} in UTF-8 or 415; valid UTF-8, well-formed, strictly
 * typed, no duplicate members, of the expected shape or 400 naming the field). The raw bytes are
 * read first because the signature covers them.
 */
@Component
public class JsonBodies {

    /** The largest JSON body accepted: 1 MiB. */
    public static final int LIMIT = 1 << 20;

    private final JsonMapper json;

    /** Reads with common's {@link StrictJson} rules on top of the application's mapper. */
    public JsonBodies(JsonMapper json) {
        this.json = StrictJson.strict(json);
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
     * The body as {@code type}, read by {@link StrictJson#parse}.
     *
     * @throws ProblemException 415 when the body is not declared as JSON in UTF-8, 400 when it
     *     is not valid JSON of that shape
     */
    public <T> T parse(HttpServletRequest request, byte[] body, Class<T> type) {
        try {
            return StrictJson.parse(json, request.getContentType(), body, type);
        } catch (StrictJson.Refused e) {
            if (e.status() == 415) throw ProblemException.unsupportedMediaType(e.getMessage());
            throw ProblemException.invalid(e.getMessage(), e.errors());
        }
    }

    private static ProblemException tooLarge(long bytes) {
        return ProblemException.tooLarge("the JSON body has more than " + LIMIT + " bytes (" + bytes + " seen)");
    }
}
