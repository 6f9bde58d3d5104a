package org.coophive.jobcreator.deals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.coophive.common.ids.ContentIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET {solver}/api/v1/job_offers/{id}/explain}, until {@code SolverClient} has it: then
 * {@code solverClient::explainJobOffer} (mapped) replaces this class.
 */
public final class HttpMatchExplainer implements MatchExplainer {

    private static final Logger log = LoggerFactory.getLogger(HttpMatchExplainer.class);

    private final URI solverUrl;
    private final HttpClient http;

    public HttpMatchExplainer(URI solverUrl) {
        this.solverUrl = solverUrl;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public Optional<MatchExplanation> explain(String jobOfferId) {
        if (!ContentIds.isValid(jobOfferId)) return Optional.empty();
        String base = solverUrl.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v1/job_offers/" + jobOfferId + "/explain");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.debug("explain {} answered {}", jobOfferId, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(JobJson.mapper().readValue(response.body(), MatchExplanation.class));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            // An explanation is a courtesy: without it the user is still told there was no match.
            log.debug("explain {} failed: {}", jobOfferId, e.toString());
            return Optional.empty();
        }
    }
}
