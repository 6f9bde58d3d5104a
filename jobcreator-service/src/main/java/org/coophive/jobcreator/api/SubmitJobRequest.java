package org.coophive.jobcreator.api;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/jobs}.
 *
 * @param module {@code cowsay:v0.0.1} or {@code host/owner/repo:ref}
 * @param inputs the module inputs
 * @param limits optional caps; {@code null} for the configured prices
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SubmitJobRequest(String module, Map<String, String> inputs, Limits limits) {

    /**
     * @param maxInstructionPrice the most to pay per instruction, tokens or {@code NNNwei}
     * @param maxPaymentCollateral the most to lock for the job (the most it can cost), tokens or {@code NNNwei}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Limits(String maxInstructionPrice, String maxPaymentCollateral) {}
}
