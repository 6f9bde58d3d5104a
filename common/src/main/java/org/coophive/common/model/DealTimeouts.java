package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The four deadlines of a deal, as on chain ({@code SharedStructs.DealTimeouts}). The contracts
 * require zero collateral for {@code agree} and {@code mediate_results}; {@code submit_results}
 * collateral is locked by the resource provider and {@code judge_results} collateral by the job
 * creator when they agree.
 *
 * @param agree both parties must have agreed within this
 * @param submitResults the resource provider must post results within this after the deal is
 *     agreed
 * @param judgeResults the job creator must accept or dispute within this after results are posted
 * @param mediateResults the mediator must judge within this after a dispute
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTimeouts(
        DealTimeout agree, DealTimeout submitResults, DealTimeout judgeResults, DealTimeout mediateResults) {

    public DealTimeouts {
        agree = agree == null ? new DealTimeout(0, null) : agree;
        submitResults = submitResults == null ? new DealTimeout(0, null) : submitResults;
        judgeResults = judgeResults == null ? new DealTimeout(0, null) : judgeResults;
        mediateResults = mediateResults == null ? new DealTimeout(0, null) : mediateResults;
    }
}
