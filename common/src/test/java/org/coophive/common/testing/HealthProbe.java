package org.coophive.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one way a test reads a service's {@code /actuator/health} status code: 200 UP, 503 DOWN, or
 * {@link #NO_ANSWER} when nothing answered within {@link #DEADLINE} (not listening, or hanging).
 * Each health check of a service answers within its own 2 s deadline, so a probe that waits longer
 * than that and still gets nothing has found a service that does not answer at all.
 */
public final class HealthProbe {

    /** What {@link #status} returns when the service did not answer. */
    public static final int NO_ANSWER = -1;

    /** How long one probe waits for the answer. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(DEADLINE).build();

    private HealthProbe() {}

    /** The status code of {@code /actuator/health} of the service on 127.0.0.1:{@code port}. */
    public static int status(int port) {
        return status(URI.create("http://127.0.0.1:" + port));
    }

    /** The status code of {@code /actuator/health} of the service at {@code service} (its root URL). */
    public static int status(URI service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health"))
                .timeout(DEADLINE)
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + service, e);
        }
    }
}
