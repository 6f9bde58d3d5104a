package org.coophive.systemtests;

import java.math.BigInteger;
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
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.TrustedParties;
import org.coophive.contracts.DevAccounts;

/** Valid offers between the dev accounts, trusting the dev solver and mediator. */
final class Offers {

    static final BigInteger TOKEN = TokenAmounts.WEI_PER_TOKEN;
    static final DealPricing PRICING = new DealPricing(TOKEN, TOKEN.multiply(BigInteger.TWO), 2, TOKEN);
    static final DealTimeouts TIMEOUTS = new DealTimeouts(
            DealTimeout.of(3600), new DealTimeout(3600, TOKEN), new DealTimeout(3600, TOKEN), DealTimeout.of(3600));

    private Offers() {}

    static TrustedParties trusted() {
        return new TrustedParties(
                DevAccounts.solver().address(), List.of(DevAccounts.mediator().address()));
    }

    /** A cowsay job needing {@code cpu} milli-CPUs, created at {@code createdAt} (ms). */
    static JobOffer job(long createdAt, long cpu) {
        return new JobOffer(
                "",
                createdAt,
                DevAccounts.jobCreator().address(),
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                MachineSpec.of(0, cpu, 64),
                Map.of("Message", "moo"),
                PricingMode.MARKET_PRICE,
                PRICING,
                TIMEOUTS,
                trusted());
    }

    /** The dev provider's offer of {@code cpu} milli-CPUs and 1 GB, slot {@code index}. */
    static ResourceOffer resource(long createdAt, int index, long cpu) {
        return new ResourceOffer(
                "",
                createdAt,
                DevAccounts.resourceProvider().address(),
                index,
                MachineSpec.of(0, cpu, 1024),
                List.of(),
                PricingMode.FIXED_PRICE,
                PRICING,
                TIMEOUTS,
                Map.of(),
                Map.of(),
                trusted());
    }
}
