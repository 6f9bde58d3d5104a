package org.coophive.common.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers as RFC 9457 Problem Details instead of its HTML page: the requests
 * the container refuses before any application code runs (an encoded slash, {@code %00} or a
 * bare {@code %} in the path, a URL or headers over its limits) and any error no application
 * handler wrote. The {@code type} is one of the documented ones (common/SOLVER-API.md,
 * "Errors"); the detail never carries an exception or class name.
 *
 * <p>{@link ContainerErrorsAutoConfiguration} installs it in every service (through {@link
 * #install(Context)}); nothing to declare.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    /** What every problem type URI starts with. */
    public static final String TYPES = "https://coophive.network/problems/";

    /** Makes the context's host report errors with this valve. */
    public static void install(Context context) {
        if (context.getParent() instanceof StandardHost host) {
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        String[] kind = kind(status);
        String path = request.getDecodedRequestURI() == null ? "" : request.getRequestURI();
        String body = "{\"type\":\"" + TYPES + kind[0] + "\",\"title\":\"" + kind[1] + "\",\"status\":" + status
                + ",\"detail\":\"" + kind[2] + "\",\"instance\":\"" + json(path) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            OutputStream out = response.getOutputStream();
            out.write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nobody to answer.
        }
    }

    /** The documented type slug for an HTTP error status (e.g. {@code not-found} for 404). */
    public static String slug(int status) {
        return kind(status)[0];
    }

    /** The documented title of a status, e.g. {@code Unsupported media type} for 415. */
    public static String title(int status) {
        return kind(status)[1];
    }

    /** Slug, title and detail for a status. */
    static String[] kind(int status) {
        return switch (status) {
            case 400 -> new String[] {
                "invalid-request",
                "Invalid request",
                "the request is malformed or too large: an encoded slash, a NUL or a bad percent escape in the URL,"
                        + " a bad header, or a URL or headers over the limit"
            };
            case 404 -> new String[] {"not-found", "Not found", "no such route"};
            case 405 -> new String[] {"method-not-allowed", "Method not allowed", "the method is not allowed here"};
            case 408 -> new String[] {"request-timeout", "Request timeout", "the request did not arrive in time"};
            case 413 -> new String[] {"payload-too-large", "Payload too large", "the body is larger than accepted"};
            case 414 -> new String[] {"uri-too-long", "URI too long", "the URL is longer than accepted"};
            case 415 -> new String[] {
                "unsupported-media-type", "Unsupported media type", "the body's Content-Type is not accepted here"
            };
            case 431 -> new String[] {
                "request-headers-too-large", "Request headers too large", "the request headers are larger than accepted"
            };
            case 503 -> new String[] {"unavailable", "Service unavailable", "the service cannot answer now"};
            default -> status < 500
                    ? new String[] {"invalid-request", "Invalid request", "the request was refused (" + status + ")"}
                    : new String[] {"internal-error", "Internal error", "the service failed; this is a bug, see its log"
                    };
        };
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
    }
}
