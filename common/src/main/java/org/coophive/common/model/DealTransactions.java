package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The transaction hashes each party reported for a deal.
 *
 * @param resourceProvider the resource provider's
 * @param jobCreator the job creator's
 * @param mediator the mediator's
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTransactions(
        DealTransactionsResourceProvider resourceProvider,
        DealTransactionsJobCreator jobCreator,
        DealTransactionsMediator mediator) {

    /** No transaction reported yet. */
    public static final DealTransactions NONE = new DealTransactions(null, null, null);

    public DealTransactions {
        resourceProvider = resourceProvider == null ? DealTransactionsResourceProvider.NONE : resourceProvider;
        jobCreator = jobCreator == null ? DealTransactionsJobCreator.NONE : jobCreator;
        mediator = mediator == null ? DealTransactionsMediator.NONE : mediator;
    }
}
