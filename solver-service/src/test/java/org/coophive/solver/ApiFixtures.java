package org.coophive.solver;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.signing.RequestSigner;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.solver.matching.Matcher;

/** Valid offers between the dev accounts, naming the dev solver and mediator; and their signers. */
public final class ApiFixtures {

    public static final String SOLVER = DevAccounts.solver().address();
    public static final String MEDIATOR = DevAccounts.mediator().address();
    public static final String JOB_CREATOR = DevAccounts.jobCreator().address();
    public static final String RESOURCE_PROVIDER =
            DevAccounts.resourceProvider().address();

    public static final RequestSigner JOB_CREATOR_SIGNER =
            new RequestSigner(DevAccounts.jobCreator().credentials());
    public static final RequestSigner RESOURCE_PROVIDER_SIGNER =
            new RequestSigner(DevAccounts.resourceProvider().credentials());
    public static final RequestSigner MEDIATOR_SIGNER =
            new RequestSigner(DevAccounts.mediator().credentials());
    /** Someone with no part in any deal. */
    public static final RequestSigner STRANGER_SIGNER =
            new RequestSigner(DevAccounts.faucet().credentials());

    public static final ModuleConfig COWSAY =
            new ModuleConfig("", "https://github.com/coophive/coophive-module-cowsay", "v0.0.1", "/module.coophive");

    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final DealPricing PRICING = new DealPricing(
            TOKEN.multiply(BigInteger.TEN),
            TOKEN.multiply(BigInteger.valueOf(30)),
            4,
            TOKEN.multiply(BigInteger.valueOf(5)));
    private static final DealTimeouts TIMEOUTS = new DealTimeouts(
            DealTimeout.of(3600),
            new DealTimeout(3600, TOKEN.multiply(BigInteger.TEN)),
            new DealTimeout(3600, TOKEN.multiply(BigInteger.TEN)),
            DealTimeout.of(3600));

    private ApiFixtures() {}

    /** A market-priced cowsay job needing one CPU. */
    public static JobOffer jobOffer(long createdAt) {
        return jobOffer(createdAt, 1000);
    }

    public static JobOffer jobOffer(long createdAt, long milliCpu) {
        return new JobOffer(
                "",
                createdAt,
                JOB_CREATOR,
                COWSAY,
                MachineSpec.of(0, milliCpu, 100),
                Map.of("Message", "moo"),
                PricingMode.MARKET_PRICE,
                PRICING,
                TIMEOUTS,
                new TrustedParties(SOLVER, List.of(MEDIATOR)));
    }

    /** A fixed-price machine with two CPUs. */
    public static ResourceOffer resourceOffer(long createdAt) {
        return resourceOffer(createdAt, 0);
    }

    public static ResourceOffer resourceOffer(long createdAt, int index) {
        return new ResourceOffer(
                "",
                createdAt,
                RESOURCE_PROVIDER,
                index,
                MachineSpec.of(0, 2000, 4096),
                List.of(),
                PricingMode.FIXED_PRICE,
                PRICING,
                TIMEOUTS,
                Map.of(),
                Map.of(),
                new TrustedParties(SOLVER, List.of(MEDIATOR)));
    }

    /** The deal the dev solver makes of {@link #jobOffer} and {@link #resourceOffer} created now. */
    public static DealContainer deal(String mediator) {
        long now = System.currentTimeMillis();
        JobOffer job = jobOffer(now);
        ResourceOffer resource = resourceOffer(now);
        job = job.withId(ContentIds.of(job));
        resource = resource.withId(ContentIds.of(resource));
        Deal deal = new Matcher(SOLVER, Duration.ofHours(1), Clock.systemUTC())
                .match(List.of(job), List.of(resource), Set.of())
                .deals()
                .get(0);
        return new DealContainer(
                deal.id(),
                JOB_CREATOR,
                RESOURCE_PROVIDER,
                job.id(),
                resource.id(),
                AgreementState.DEAL_NEGOTIATING,
                deal,
                DealTransactions.NONE,
                mediator);
    }
}
