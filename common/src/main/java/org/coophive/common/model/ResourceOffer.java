package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A resource provider's offer of one machine: posted to the solver, which sets its {@code id}
 * and matches it with job offers. Its default pricing and timeouts become the deal's terms.
 *
 * @param id content id of the offer with {@code id} emptied, {@code ""} until the solver sets it
 * @param createdAt milliseconds since the epoch
 * @param resourceProvider the resource provider's address; must be the address that signs the
 *     request
 * @param index position of this machine in the provider's configuration, so that the provider
 *     keeps exactly one live offer per machine
 * @param spec the machine offered
 * @param modules ids of the modules the provider runs ({@link ModuleConfig}); empty means any
 * @param mode must be {@link PricingMode#FIXED_PRICE}; {@code null} only if the JSON lacked it
 * @param defaultPricing the deal's pricing
 * @param defaultTimeouts the deal's deadlines
 * @param modulePricing pricing per module id, overriding {@code default_pricing} (reserved: the
 *     reference never fills it)
 * @param moduleTimeouts deadlines per module id (reserved likewise)
 * @param trustedParties the solver and mediators the provider trusts
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResourceOffer(
        String id,
        @ZeroWhenAbsent long createdAt,
        String resourceProvider,
        @ZeroWhenAbsent int index,
        MachineSpec spec,
        List<String> modules,
        PricingMode mode,
        DealPricing defaultPricing,
        DealTimeouts defaultTimeouts,
        Map<String, DealPricing> modulePricing,
        Map<String, DealTimeouts> moduleTimeouts,
        TrustedParties trustedParties) {

    public ResourceOffer {
        id = Components.text(id);
        resourceProvider = Components.text(resourceProvider);
        spec = spec == null ? MachineSpec.NONE : spec;
        modules = Components.list("modules", modules);
        defaultPricing = defaultPricing == null ? new DealPricing(null, null, 0, null) : defaultPricing;
        defaultTimeouts = defaultTimeouts == null ? new DealTimeouts(null, null, null, null) : defaultTimeouts;
        modulePricing = Components.sortedMap("module_pricing", modulePricing);
        moduleTimeouts = Components.sortedMap("module_timeouts", moduleTimeouts);
        trustedParties = trustedParties == null ? new TrustedParties(null, null) : trustedParties;
    }

    /** This offer with another id. */
    public ResourceOffer withId(String id) {
        return new ResourceOffer(
                id,
                createdAt,
                resourceProvider,
                index,
                spec,
                modules,
                mode,
                defaultPricing,
                defaultTimeouts,
                modulePricing,
                moduleTimeouts,
                trustedParties);
    }
}
