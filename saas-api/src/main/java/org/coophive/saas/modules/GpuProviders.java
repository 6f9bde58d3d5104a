package org.coophive.saas.modules;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.coophive.saas.config.SaasProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether a resource provider offering a GPU is online, from the solver's public resource offers
 * ({@code SAAS_SOLVER_URL}); read at most every 30 s.
 */
@Component
public class GpuProviders {

    /** What is known about GPU providers. */
    public enum Availability {
        ONLINE,
        NONE,
        UNKNOWN
    }

    private static final Duration CACHE = Duration.ofSeconds(30);
    private final String solverUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private volatile Availability last = Availability.UNKNOWN;
    private volatile Instant readAt = Instant.MIN;

    GpuProviders(SaasProperties properties) {
        this.solverUrl = properties.solverUrl().replaceAll("/+$", "");
    }

    public Availability availability() {
        if (solverUrl.isEmpty()) return Availability.UNKNOWN;
        Instant now = clock.instant();
        if (readAt.plus(CACHE).isAfter(now)) return last;
        last = read();
        readAt = now;
        return last;
    }

    private Availability read() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(solverUrl + "/api/v1/resource_offers?active=true"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) return Availability.UNKNOWN;
            for (JsonNode offer : json.readTree(response.body())) {
                if (offer.path("resource_offer").path("spec").path("gpu").asLong() > 0) return Availability.ONLINE;
            }
            return Availability.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.UNKNOWN;
        } catch (Exception e) {
            return Availability.UNKNOWN; // The solver is optional here: unreachable means "not known".
        }
    }
}
