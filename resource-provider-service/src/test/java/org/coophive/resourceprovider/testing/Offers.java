package org.coophive.resourceprovider.testing;

import java.util.List;
import java.util.Map;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.TrustedParties;

/** Offers as the other parties post them, for the provider's tests. */
public final class Offers {

    private Offers() {}

    /** A job creator's offer to run the catalogue cowsay module with a message. */
    public static JobOffer cowsay(String jobCreator, String solver, List<String> mediators, String message) {
        return job(jobCreator, solver, mediators, "cowsay:v0.0.1", Map.of("Message", message));
    }

    /** A job creator's offer to run a catalogue module with inputs. */
    public static JobOffer job(
            String jobCreator, String solver, List<String> mediators, String module, Map<String, String> inputs) {
        return new JobOffer(
                "",
                System.currentTimeMillis(),
                jobCreator,
                ModuleConfig.shortcut(module),
                MachineSpec.of(0, 1000, 128),
                inputs,
                PricingMode.MARKET_PRICE,
                new DealPricing(
                        TokenAmounts.WEI_PER_TOKEN,
                        TokenAmounts.WEI_PER_TOKEN.multiply(java.math.BigInteger.TWO),
                        2,
                        TokenAmounts.WEI_PER_TOKEN),
                new DealTimeouts(
                        DealTimeout.of(3600),
                        new DealTimeout(3600, TokenAmounts.WEI_PER_TOKEN),
                        new DealTimeout(3600, TokenAmounts.WEI_PER_TOKEN),
                        DealTimeout.of(3600)),
                new TrustedParties(solver, mediators));
    }
}
