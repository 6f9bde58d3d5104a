package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.coophive.contracts.AgreementState;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's record of a job offer: the offer and where it stands.
 *
 * @param id the offer's id
 * @param dealId id of the deal it was matched into, {@code ""} until matched
 * @param jobCreator the offer's job creator
 * @param state the state of its deal on chain (JSON: the Solidity code); DealNegotiating while
 *     unmatched
 * @param jobOffer the offer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobOfferContainer(
        String id, String dealId, String jobCreator, @AgreementStateCode AgreementState state, JobOffer jobOffer) {

    public JobOfferContainer {
        id = Components.text(id);
        dealId = Components.text(dealId);
        jobCreator = Components.text(jobCreator);
        state = state == null ? AgreementState.DEAL_NEGOTIATING : state;
        jobOffer = jobOffer == null ? new JobOffer(null, 0, null, null, null, null, null, null, null, null) : jobOffer;
    }
}
