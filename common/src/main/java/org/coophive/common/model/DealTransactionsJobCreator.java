package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Hashes of the transactions a job creator sent for a deal, named after the controller
 * functions; {@code ""} where none was sent. Self-reported bookkeeping, like {@link
 * DealTransactionsResourceProvider}.
 *
 * @param agree {@code agree}
 * @param acceptResult {@code acceptResult}
 * @param checkResult {@code checkResult}
 * @param timeoutAgree {@code timeoutAgree}
 * @param timeoutSubmitResults {@code timeoutSubmitResults}
 * @param timeoutMediateResults {@code timeoutMediateResults}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTransactionsJobCreator(
        String agree,
        String acceptResult,
        String checkResult,
        String timeoutAgree,
        String timeoutSubmitResults,
        String timeoutMediateResults) {

    /** No transaction sent yet. */
    public static final DealTransactionsJobCreator NONE =
            new DealTransactionsJobCreator(null, null, null, null, null, null);

    public DealTransactionsJobCreator {
        agree = Components.text(agree);
        acceptResult = Components.text(acceptResult);
        checkResult = Components.text(checkResult);
        timeoutAgree = Components.text(timeoutAgree);
        timeoutSubmitResults = Components.text(timeoutSubmitResults);
        timeoutMediateResults = Components.text(timeoutMediateResults);
    }
}
