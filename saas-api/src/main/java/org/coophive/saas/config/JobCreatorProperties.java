package org.coophive.saas.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The job creator daemon saas-api submits its users' jobs to.
 *
 * @param url its base URL ({@code JOBCREATOR_URL}, required), e.g. {@code http://127.0.0.1:8082}
 * @param apiToken its API's bearer token ({@code JOBCREATOR_API_TOKEN}, required; never printed)
 */
@ConfigurationProperties("coophive.saas.jobcreator")
public record JobCreatorProperties(String url, String apiToken) {

    public JobCreatorProperties {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "JOBCREATOR_URL is required: the job creator daemon's URL, e.g. http://127.0.0.1:8082");
        }
        url = url.strip();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JOBCREATOR_URL is not a URL: " + url, e);
        }
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("JOBCREATOR_URL must be an http(s) URL: " + url);
        }
        if (apiToken == null || apiToken.isBlank()) {
            throw new IllegalArgumentException(
                    "JOBCREATOR_API_TOKEN is required: the bearer token of the job creator daemon's API");
        }
        apiToken = apiToken.strip();
    }

    @Override
    public String toString() {
        return "JobCreatorProperties[url=" + url + ", apiToken=(redacted)]";
    }
}
