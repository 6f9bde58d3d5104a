package org.coophive.common.solver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's answer to "why is my job not matched?" ({@code GET /job_offers/{id}/explain} and
 * the dry run {@code POST /job_offers/explain}): one verdict per resource offer the solver holds,
 * in the order the matcher tries them (cheapest first), so the first verdict that {@code matches}
 * names the offer the job would get. Each pair is judged on its own: an older job may still take
 * a matching offer first.
 *
 * @param jobOffer the job offer's id (its content id, also for a dry run)
 * @param resourceOffers one verdict per resource offer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobOfferExplanation(String jobOffer, List<Verdict> resourceOffers) {

    public JobOfferExplanation {
        jobOffer = jobOffer == null ? "" : jobOffer;
        resourceOffers = resourceOffers == null ? List.of() : List.copyOf(resourceOffers);
    }

    /** The verdicts that match, in candidate order. */
    public List<Verdict> matching() {
        return resourceOffers.stream().filter(Verdict::matches).toList();
    }

    /**
     * The verdict on one resource offer.
     *
     * @param resourceOffer the resource offer's id
     * @param resourceProvider its resource provider
     * @param matches whether the pair passes every rule
     * @param failedRule the first rule the pair fails, {@code ""} if it matches: one of {@code
     *     expired}, {@code busy}, {@code solver}, {@code cpu}, {@code gpu}, {@code ram}, {@code
     *     gpu_memory}, {@code disk}, {@code network}, {@code privileges}, {@code module}, {@code
     *     market_price_rp}, {@code
     *     price}, {@code mediators}
     * @param message the failure in words, e.g. {@code needs 2000 milli-CPU, offer has 1000};
     *     {@code matches} when nothing failed
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Verdict(
            String resourceOffer, String resourceProvider, boolean matches, String failedRule, String message) {

        public Verdict {
            resourceOffer = resourceOffer == null ? "" : resourceOffer;
            resourceProvider = resourceProvider == null ? "" : resourceProvider;
            failedRule = failedRule == null ? "" : failedRule;
            message = message == null ? "" : message;
        }
    }
}
