package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Hashes of the transactions the deal's mediator sent, named after the controller functions;
 * {@code ""} where none was sent.
 *
 * @param mediationAcceptResult {@code mediationAcceptResult}
 * @param mediationRejectResult {@code mediationRejectResult}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTransactionsMediator(String mediationAcceptResult, String mediationRejectResult) {

    /** No transaction sent yet. */
    public static final DealTransactionsMediator NONE = new DealTransactionsMediator(null, null);

    public DealTransactionsMediator {
        mediationAcceptResult = Components.text(mediationAcceptResult);
        mediationRejectResult = Components.text(mediationRejectResult);
    }
}
