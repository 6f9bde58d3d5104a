package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.coophive.contracts.AgreementState;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's record of a resource offer: the offer and where it stands. The offer is under the
 * JSON key {@code resource_offer} (the reference wrote {@code job_offer} here by a copy-paste
 * slip, which later versions of it fixed the same way).
 *
 * @param id the offer's id
 * @param dealId id of the deal it was matched into, {@code ""} until matched
 * @param resourceProvider the offer's resource provider
 * @param state the state of its deal on chain (JSON: the Solidity code); DealNegotiating while
 *     unmatched
 * @param resourceOffer the offer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResourceOfferContainer(
        String id,
        String dealId,
        String resourceProvider,
        @AgreementStateCode AgreementState state,
        ResourceOffer resourceOffer) {

    public ResourceOfferContainer {
        id = Components.text(id);
        dealId = Components.text(dealId);
        resourceProvider = Components.text(resourceProvider);
        state = state == null ? AgreementState.DEAL_NEGOTIATING : state;
        resourceOffer = resourceOffer == null
                ? new ResourceOffer(null, 0, null, 0, null, null, null, null, null, null, null, null)
                : resourceOffer;
    }
}
