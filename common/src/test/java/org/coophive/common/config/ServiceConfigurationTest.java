package org.coophive.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.PricingMode;
import org.junit.jupiter.api.Test;

class ServiceConfigurationTest {

    private static final String SOLVER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String MEDIATOR = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    private static final BigInteger TOKEN = TokenAmounts.WEI_PER_TOKEN;

    @Test
    void shouldReadTokensDecimalsAndWeiWhenParsingAmounts() {
        assertThat(TokenAmounts.parse("X", "1")).isEqualTo(TOKEN);
        assertThat(TokenAmounts.parse("X", "0.25")).isEqualTo(TOKEN.divide(BigInteger.valueOf(4)));
        assertThat(TokenAmounts.parse("X", "1000wei")).isEqualTo(BigInteger.valueOf(1000));
        assertThat(TokenAmounts.format(TOKEN.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO)))
                .isEqualTo("1.5");
    }

    @Test
    void shouldNameTheVariableWhenAnAmountIsMalformed() {
        assertThatThrownBy(() -> TokenAmounts.parse("PRICING_MEDIATION_FEE", "one"))
                .hasMessageStartingWith("PRICING_MEDIATION_FEE is not a token amount");
        assertThatThrownBy(() -> TokenAmounts.parse("PRICING_MEDIATION_FEE", "-1"))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> TokenAmounts.parse("PRICING_MEDIATION_FEE", "0.0000000000000000001"))
                .hasMessageContaining("more than 18 decimals");
    }

    @Test
    void shouldChecksumAndDeduplicateWhenReadingServiceParties() {
        ServiceParties parties = ServiceParties.fromEnvironment(
                Map.of(
                        "SERVICE_SOLVER",
                        SOLVER,
                        "SERVICE_MEDIATORS",
                        MEDIATOR + ", " + MEDIATOR.toUpperCase().replace("0X", "0x")),
                true);

        assertThat(parties.solver()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(parties.mediators()).containsExactly("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    }

    @Test
    void shouldRefuseToStartWhenTheSolverOrMediatorsAreMissing() {
        assertThatThrownBy(() -> ServiceParties.fromEnvironment(Map.of(), true))
                .hasMessageStartingWith("SERVICE_SOLVER is missing");
        assertThatThrownBy(() -> ServiceParties.fromEnvironment(Map.of("SERVICE_SOLVER", SOLVER), true))
                .hasMessageStartingWith("SERVICE_MEDIATORS is missing");
        assertThat(ServiceParties.fromEnvironment(Map.of("SERVICE_SOLVER", SOLVER), false)
                        .mediators())
                .isEmpty();
        assertThatThrownBy(() -> ServiceParties.fromEnvironment(
                        Map.of("SERVICE_SOLVER", SOLVER, "SERVICE_MEDIATORS", "0x1234"), true))
                .hasMessageStartingWith("SERVICE_MEDIATORS holds an invalid address");
    }

    @Test
    void shouldUseTheSeedDefaultsWhenNoPricingIsConfigured() {
        PricingOptions options = PricingOptions.fromEnvironment(Map.of(), PricingMode.FIXED_PRICE);

        assertThat(options.mode()).isEqualTo(PricingMode.FIXED_PRICE);
        assertThat(options.pricing()).isEqualTo(new DealPricing(TOKEN, TOKEN.multiply(BigInteger.TWO), 2, TOKEN));
    }

    @Test
    void shouldReadEveryPricingVariableWhenSet() {
        PricingOptions options = PricingOptions.fromEnvironment(
                Map.of(
                        "PRICING_MODE", "MarketPrice",
                        "PRICING_INSTRUCTION_PRICE", "3wei",
                        "PRICING_PAYMENT_COLLATERAL", "5",
                        "PRICING_RESULTS_COLLATERAL_MULTIPLE", "4",
                        "PRICING_MEDIATION_FEE", "0.5"),
                PricingMode.FIXED_PRICE);

        assertThat(options.mode()).isEqualTo(PricingMode.MARKET_PRICE);
        assertThat(options.pricing())
                .isEqualTo(new DealPricing(
                        BigInteger.valueOf(3), TOKEN.multiply(BigInteger.valueOf(5)), 4, TOKEN.divide(BigInteger.TWO)));
        assertThatThrownBy(
                        () -> PricingOptions.fromEnvironment(Map.of("PRICING_MODE", "Cheap"), PricingMode.FIXED_PRICE))
                .hasMessageStartingWith("PRICING_MODE: unknown pricing mode \"Cheap\"");
    }

    @Test
    void shouldReadEachTimeFromItsOwnVariableWhenSet() {
        DealTimeouts timeouts = TimeoutOptions.fromEnvironment(Map.of(
                "TIMEOUT_AGREE_TIME", "10",
                "TIMEOUT_SUBMIT_RESULTS_TIME", "20",
                "TIMEOUT_SUBMIT_RESULTS_COLLATERAL", "3",
                "TIMEOUT_JUDGE_RESULTS_TIME", "30",
                "TIMEOUT_MEDIATE_RESULTS_TIME", "40"));

        assertThat(timeouts)
                .isEqualTo(new DealTimeouts(
                        DealTimeout.of(10),
                        new DealTimeout(20, TOKEN.multiply(BigInteger.valueOf(3))),
                        new DealTimeout(30, TOKEN),
                        DealTimeout.of(40)));
        assertThat(TimeoutOptions.fromEnvironment(Map.of()).agree().timeout()).isEqualTo(3600);
        assertThatThrownBy(() -> TimeoutOptions.fromEnvironment(Map.of("TIMEOUT_JUDGE_RESULTS_TIME", "0")))
                .hasMessageStartingWith("TIMEOUT_JUDGE_RESULTS_TIME must be between 1 and");
    }
}
