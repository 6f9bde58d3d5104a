package org.coophive.mediator.testing;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealMembers;
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
import org.coophive.contracts.AgreementState;

/**
 * Wire deals for tests, as the solver would make them: real content ids, the parties' addresses,
 * a module and its inputs. Amounts: instruction price 0.001 token per instruction, payment
 * collateral 30, results collateral multiple 4, mediation fee 5, submit and judge timeout
 * collateral 10 tokens; every timeout one hour.
 */
public final class TestDeals {

    public static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    public static final BigInteger INSTRUCTION_PRICE = TOKEN.divide(BigInteger.valueOf(1000));
    public static final BigInteger PAYMENT_COLLATERAL = TOKEN.multiply(BigInteger.valueOf(30));
    public static final int RESULTS_COLLATERAL_MULTIPLE = 4;
    public static final BigInteger MEDIATION_FEE = TOKEN.multiply(BigInteger.valueOf(5));
    public static final BigInteger TIMEOUT_COLLATERAL = TOKEN.multiply(BigInteger.TEN);
    public static final long TIMEOUT_SECONDS = 3600;

    private TestDeals() {}

    /** A deal between these parties running {@code module} with {@code inputs}; its id is set. */
    public static Deal deal(
            String solver,
            String jobCreator,
            String resourceProvider,
            List<String> mediators,
            ModuleConfig module,
            Map<String, String> inputs,
            long createdAt) {
        DealPricing pricing =
                new DealPricing(INSTRUCTION_PRICE, PAYMENT_COLLATERAL, RESULTS_COLLATERAL_MULTIPLE, MEDIATION_FEE);
        DealTimeouts timeouts = new DealTimeouts(
                new DealTimeout(TIMEOUT_SECONDS, BigInteger.ZERO),
                new DealTimeout(TIMEOUT_SECONDS, TIMEOUT_COLLATERAL),
                new DealTimeout(TIMEOUT_SECONDS, TIMEOUT_COLLATERAL),
                new DealTimeout(TIMEOUT_SECONDS, BigInteger.ZERO));
        TrustedParties trusted = new TrustedParties(solver, mediators);
        JobOffer jobOffer = new JobOffer(
                "",
                createdAt,
                jobCreator,
                module,
                MachineSpec.NONE,
                inputs,
                PricingMode.MARKET_PRICE,
                pricing,
                timeouts,
                trusted);
        jobOffer = jobOffer.withId(ContentIds.of(jobOffer));
        ResourceOffer resourceOffer = new ResourceOffer(
                "",
                createdAt,
                resourceProvider,
                0,
                MachineSpec.NONE,
                List.of(),
                PricingMode.FIXED_PRICE,
                pricing,
                timeouts,
                Map.of(),
                Map.of(),
                trusted);
        resourceOffer = resourceOffer.withId(ContentIds.of(resourceOffer));
        Deal deal = new Deal(
                "",
                new DealMembers(solver, jobCreator, resourceProvider, mediators),
                pricing,
                timeouts,
                jobOffer,
                resourceOffer);
        return deal.withId(ContentIds.of(deal));
    }

    /** The solver's container of a deal in {@code state}, with {@code mediator} picked (or {@code ""}). */
    public static DealContainer container(Deal deal, AgreementState state, String mediator) {
        return new DealContainer(
                deal.id(),
                deal.members().jobCreator(),
                deal.members().resourceProvider(),
                deal.jobOffer().id(),
                deal.resourceOffer().id(),
                state,
                deal,
                DealTransactions.NONE,
                mediator);
    }
}
