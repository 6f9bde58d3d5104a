package org.coophive.jobcreator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.coophive.jobcreator.deals.Job;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job as the API shows it. {@code final} says whether how it ended can no longer change: it ended
 * and its settlement on chain has {@code WEB3_CONFIRMATIONS} confirmations.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record JobView(
        String id,
        String source,
        String module,
        Map<String, String> inputs,
        String status,
        String outcome,
        String message,
        String createdAt,
        String jobOfferId,
        String dealId,
        String resourceProvider,
        List<PhaseView> phases,
        Map<String, String> transactions,
        ResultView result,
        String costWei,
        String onChainJobId,
        @JsonProperty("final") boolean settledForGood) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PhaseView(String phase, String label, String at, String message) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ResultView(String dataId, int exitCode, String error, long instructionCount, String filesUrl) {}

    static JobView of(Job job) {
        return new JobView(
                job.id(),
                job.source().name(),
                job.module(),
                job.inputs(),
                job.active() ? "ACTIVE" : "FINISHED",
                job.outcome() == null ? null : job.outcome().name(),
                job.message(),
                job.createdAt().toString(),
                job.offerId(),
                job.dealId(),
                job.deal() == null ? "" : job.deal().members().resourceProvider(),
                job.phases().stream().map(JobView::phase).toList(),
                job.dealTransactions(),
                job.result() == null
                        ? null
                        : new ResultView(
                                job.result().dataId(),
                                job.result().exitCode(),
                                job.result().error(),
                                job.result().instructionCount(),
                                job.result().tar().isEmpty() ? "" : "/api/v1/jobs/" + job.id() + "/results"),
                job.cost() == null ? "" : job.cost().toString(),
                job.onChainJobId(),
                job.isFinal());
    }

    static PhaseView phase(org.coophive.jobcreator.deals.PhaseEvent event) {
        return new PhaseView(
                event.phase().name(), event.phase().label(), event.at().toString(), event.message());
    }
}
