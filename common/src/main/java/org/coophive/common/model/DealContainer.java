package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.coophive.contracts.AgreementState;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The solver's record of a deal, which the parties poll: the deal, its on-chain state, the
 * reported transactions and the mediator picked on chain.
 *
 * @param id the deal's id
 * @param jobCreator the deal's job creator
 * @param resourceProvider the deal's resource provider
 * @param jobOffer id of the job offer
 * @param resourceOffer id of the resource offer
 * @param state the deal's state on chain (JSON: the Solidity code)
 * @param deal the deal
 * @param transactions the transaction hashes the parties reported
 * @param mediator the mediator picked on chain after a dispute, {@code ""} before
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealContainer(
        String id,
        String jobCreator,
        String resourceProvider,
        String jobOffer,
        String resourceOffer,
        @AgreementStateCode AgreementState state,
        Deal deal,
        DealTransactions transactions,
        String mediator) {

    public DealContainer {
        id = Components.text(id);
        jobCreator = Components.text(jobCreator);
        resourceProvider = Components.text(resourceProvider);
        jobOffer = Components.text(jobOffer);
        resourceOffer = Components.text(resourceOffer);
        state = state == null ? AgreementState.DEAL_NEGOTIATING : state;
        deal = deal == null ? new Deal(null, null, null, null, null, null) : deal;
        transactions = transactions == null ? DealTransactions.NONE : transactions;
        mediator = Components.text(mediator);
    }
}
