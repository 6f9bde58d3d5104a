package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job creator's request to run a module: posted to the solver, which sets its {@code id} and
 * matches it with a resource offer.
 *
 * @param id content id of the offer with {@code id} emptied ({@link
 *     org.coophive.common.ids.ContentIds#of(Object)}), {@code ""} until the solver sets it
 * @param createdAt milliseconds since the epoch; also makes two otherwise equal offers distinct
 * @param jobCreator the job creator's address; must be the address that signs the request
 * @param module the module to run
 * @param spec the least machine the job needs (from the loaded module)
 * @param inputs template inputs of the module, sorted by name
 * @param mode how the job creator accepts prices; {@code null} only if the JSON lacked it
 *     (reported by the validator)
 * @param pricing the job creator's prices; only {@code instruction_price} is used, and only when
 *     both offers are fixed-price
 * @param timeouts the job creator's preferred deadlines (the deal uses the resource offer's)
 * @param trustedParties the solver and mediators the job creator trusts
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobOffer(
        String id,
        @ZeroWhenAbsent long createdAt,
        String jobCreator,
        ModuleConfig module,
        MachineSpec spec,
        Map<String, String> inputs,
        PricingMode mode,
        DealPricing pricing,
        DealTimeouts timeouts,
        TrustedParties trustedParties) {

    public JobOffer {
        id = Components.text(id);
        jobCreator = Components.text(jobCreator);
        module = module == null ? new ModuleConfig(null, null, null, null) : module;
        spec = spec == null ? MachineSpec.NONE : spec;
        inputs = Components.sortedMap("inputs", inputs);
        pricing = pricing == null ? new DealPricing(null, null, 0, null) : pricing;
        timeouts = timeouts == null ? new DealTimeouts(null, null, null, null) : timeouts;
        trustedParties = trustedParties == null ? new TrustedParties(null, null) : trustedParties;
    }

    /** This offer with another id. */
    public JobOffer withId(String id) {
        return new JobOffer(id, createdAt, jobCreator, module, spec, inputs, mode, pricing, timeouts, trustedParties);
    }
}
