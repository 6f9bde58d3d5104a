package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.model.ModuleConfig;

/**
 * A job to run.
 *
 * @param module the module as the user gave it, e.g. {@code cowsay:v0.0.1}
 * @param moduleConfig the module as it goes in the offer
 * @param inputs the module inputs
 * @param source who asks
 * @param onChainJobId the on-chain job number when a contract asks, else {@code ""}
 * @param maxInstructionPrice the most to pay per instruction (wei), or {@code null} for the configured price
 * @param maxPaymentCollateral the most to lock as payment, the most the job may cost (wei), or
 *     {@code null} for the configured collateral
 */
public record JobRequest(
        String module,
        ModuleConfig moduleConfig,
        Map<String, String> inputs,
        JobSource source,
        String onChainJobId,
        BigInteger maxInstructionPrice,
        BigInteger maxPaymentCollateral) {

    public JobRequest {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(moduleConfig, "moduleConfig");
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        Objects.requireNonNull(source, "source");
        onChainJobId = onChainJobId == null ? "" : onChainJobId;
    }

    /** A job with the configured prices. */
    public static JobRequest of(
            String module, ModuleConfig moduleConfig, Map<String, String> inputs, JobSource source) {
        return new JobRequest(module, moduleConfig, inputs, source, "", null, null);
    }
}
