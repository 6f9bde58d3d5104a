package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Hashes of the transactions a resource provider sent for a deal, named after the controller
 * functions; {@code ""} where none was sent. Self-reported bookkeeping, so that a restarted
 * service sees a step is already under way; the chain remains the authority.
 *
 * @param agree {@code agree}
 * @param addResult {@code addResult}
 * @param timeoutAgree {@code timeoutAgree}
 * @param timeoutJudgeResults {@code timeoutJudgeResults}
 * @param timeoutMediateResults {@code timeoutMediateResults}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTransactionsResourceProvider(
        String agree, String addResult, String timeoutAgree, String timeoutJudgeResults, String timeoutMediateResults) {

    /** No transaction sent yet. */
    public static final DealTransactionsResourceProvider NONE =
            new DealTransactionsResourceProvider(null, null, null, null, null);

    public DealTransactionsResourceProvider {
        agree = Components.text(agree);
        addResult = Components.text(addResult);
        timeoutAgree = Components.text(timeoutAgree);
        timeoutJudgeResults = Components.text(timeoutJudgeResults);
        timeoutMediateResults = Components.text(timeoutMediateResults);
    }
}
