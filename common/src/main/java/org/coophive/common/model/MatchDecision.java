package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's verdict on one pair of offers, kept so that it does not reconsider a pair that
 * has not changed.
 *
 * @param jobOffer id of the job offer
 * @param resourceOffer id of the resource offer
 * @param deal id of the deal made from them, {@code ""} if none
 * @param result whether they matched
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MatchDecision(String jobOffer, String resourceOffer, String deal, @ZeroWhenAbsent boolean result) {

    public MatchDecision {
        jobOffer = Components.text(jobOffer);
        resourceOffer = Components.text(resourceOffer);
        deal = Components.text(deal);
    }
}
