package org.coophive.jobcreator.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealMembers;
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
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DealTermsCheckTest {

    static final BigInteger T = Network.TOKEN;
    static final DealTimeouts TIMEOUTS = TimeoutOptions.fromEnvironment(Map.of());

    static JobOffer offer(PricingMode mode) {
        JobOffer offer = new JobOffer(
                "",
                1,
                Network.JC,
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                MachineSpec.of(0, 1000, 128),
                Map.of(),
                mode,
                PricingOptions.fromEnvironment(Map.of(), mode).pricing(),
                TIMEOUTS,
                new TrustedParties(Network.SOLVER, List.of(Network.MEDIATOR)));
        return offer.withId(ContentIds.of(offer));
    }

    static Deal deal(JobOffer offer, UnaryOperator<Terms> change) {
        Terms terms = change.apply(new Terms(
                Network.SOLVER,
                Network.JC,
                List.of(Network.MEDIATOR),
                Network.pricing(),
                TIMEOUTS,
                MachineSpec.of(0, 2000, 1024),
                offer));
        ResourceOffer resourceOffer = new ResourceOffer(
                "Qmx",
                1,
                Network.RP,
                0,
                terms.machine,
                List.of(),
                PricingMode.FIXED_PRICE,
                terms.pricing,
                terms.timeouts,
                Map.of(),
                Map.of(),
                null);
        return new Deal(
                "",
                new DealMembers(terms.solver, terms.jc, Network.RP, terms.mediators),
                terms.pricing,
                terms.timeouts,
                terms.offer,
                resourceOffer);
    }

    record Terms(
            String solver,
            String jc,
            List<String> mediators,
            DealPricing pricing,
            DealTimeouts timeouts,
            MachineSpec machine,
            JobOffer offer) {
        Terms pricing(BigInteger price, BigInteger payment, BigInteger fee) {
            return new Terms(solver, jc, mediators, new DealPricing(price, payment, 2, fee), timeouts, machine, offer);
        }

        Terms timeouts(DealTimeouts t) {
            return new Terms(solver, jc, mediators, pricing, t, machine, offer);
        }
    }

    static DealTimeouts with(int index, DealTimeout timeout) {
        DealTimeout[] t = {
            TIMEOUTS.agree(), TIMEOUTS.submitResults(), TIMEOUTS.judgeResults(), TIMEOUTS.mediateResults()
        };
        t[index] = timeout;
        return new DealTimeouts(t[0], t[1], t[2], t[3]);
    }

    static Stream<Arguments> differingTerms() {
        String stranger = DevAccounts.directory().address();
        return Stream.of(
                Arguments.of(
                        "payment collateral",
                        (UnaryOperator<Terms>) t -> t.pricing(T, T.multiply(BigInteger.valueOf(3)), T),
                        "payment collateral 3 tokens is above ours 2 tokens"),
                Arguments.of(
                        "mediation fee",
                        (UnaryOperator<Terms>)
                                t -> t.pricing(T, T.multiply(BigInteger.TWO), T.multiply(BigInteger.TWO)),
                        "mediation fee 2 tokens is above ours 1 tokens"),
                Arguments.of(
                        "judge collateral",
                        (UnaryOperator<Terms>)
                                t -> t.timeouts(with(2, new DealTimeout(3600, T.multiply(BigInteger.TWO)))),
                        "judge-results collateral 2 tokens is above ours 1 tokens"),
                Arguments.of(
                        "agree timeout",
                        (UnaryOperator<Terms>) t -> t.timeouts(with(0, DealTimeout.of(7200))),
                        "agree timeout 7200 s is longer"),
                Arguments.of(
                        "submit timeout",
                        (UnaryOperator<Terms>) t -> t.timeouts(with(1, new DealTimeout(7200, T))),
                        "submit-results timeout 7200 s is longer"),
                Arguments.of(
                        "judge timeout",
                        (UnaryOperator<Terms>) t -> t.timeouts(with(2, new DealTimeout(60, T))),
                        "judge-results timeout 60 s is shorter"),
                Arguments.of(
                        "mediate timeout",
                        (UnaryOperator<Terms>) t -> t.timeouts(with(3, DealTimeout.of(7200))),
                        "mediate-results timeout 7200 s is longer"),
                Arguments.of(
                        "mediator",
                        (UnaryOperator<Terms>) t -> new Terms(
                                t.solver(),
                                t.jc(),
                                List.of(stranger),
                                t.pricing(),
                                t.timeouts(),
                                t.machine(),
                                t.offer()),
                        "mediator " + stranger + " is not trusted"),
                Arguments.of(
                        "no mediator",
                        (UnaryOperator<Terms>) t -> new Terms(
                                t.solver(), t.jc(), List.of(), t.pricing(), t.timeouts(), t.machine(), t.offer()),
                        "names no mediator"),
                Arguments.of(
                        "solver",
                        (UnaryOperator<Terms>) t -> new Terms(
                                stranger, t.jc(), t.mediators(), t.pricing(), t.timeouts(), t.machine(), t.offer()),
                        "made by solver " + stranger),
                Arguments.of(
                        "job creator",
                        (UnaryOperator<Terms>) t -> new Terms(
                                t.solver(), stranger, t.mediators(), t.pricing(), t.timeouts(), t.machine(), t.offer()),
                        "job creator is " + stranger),
                Arguments.of(
                        "machine",
                        (UnaryOperator<Terms>) t -> new Terms(
                                t.solver(),
                                t.jc(),
                                t.mediators(),
                                t.pricing(),
                                t.timeouts(),
                                MachineSpec.of(0, 500, 1024),
                                t.offer()),
                        "smaller than the job needs"),
                Arguments.of(
                        "offer",
                        (UnaryOperator<Terms>) t -> new Terms(
                                t.solver(),
                                t.jc(),
                                t.mediators(),
                                t.pricing(),
                                t.timeouts(),
                                t.machine(),
                                t.offer().withId("QmOther")),
                        "not ours"));
    }

    @Test
    void shouldRefuseAMachineWithTooLittleDiskWhenTheJobNeedsDisk() {
        JobOffer needsDisk = new JobOffer(
                "",
                1,
                Network.JC,
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                new MachineSpec(0, 1000, 128, 0, 5000),
                Map.of(),
                PricingMode.MARKET_PRICE,
                PricingOptions.fromEnvironment(Map.of(), PricingMode.MARKET_PRICE)
                        .pricing(),
                TIMEOUTS,
                new TrustedParties(Network.SOLVER, List.of(Network.MEDIATOR)));
        JobOffer offer = needsDisk.withId(ContentIds.of(needsDisk));

        List<String> problems = DealTermsCheck.problems(offer, deal(offer, t -> t), Network.JC, Network.SOLVER);

        assertThat(problems)
                .containsExactly(
                        "the machine offered is smaller than the job needs: needs 5000 MB of disk, offer has 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differingTerms")
    void shouldRefuseAndSayWhyWhenATermDiffers(String term, UnaryOperator<Terms> change, String message) {
        JobOffer offer = offer(PricingMode.MARKET_PRICE);

        List<String> problems = DealTermsCheck.problems(offer, deal(offer, change), Network.JC, Network.SOLVER);

        assertThat(problems).singleElement().asString().contains(message);
    }

    @Test
    void shouldAgreeWhenTheTermsAreTheOffersOwn() {
        JobOffer offer = offer(PricingMode.MARKET_PRICE);

        assertThat(DealTermsCheck.problems(offer, deal(offer, t -> t), Network.JC, Network.SOLVER))
                .isEmpty();
    }

    @Test
    void shouldCapThePriceWhenTheJobCreatorOffersAFixedPrice() {
        JobOffer offer = offer(PricingMode.FIXED_PRICE);

        List<String> problems = DealTermsCheck.problems(
                offer,
                deal(offer, t -> t.pricing(T.multiply(BigInteger.TWO), T.multiply(BigInteger.TWO), T)),
                Network.JC,
                Network.SOLVER);

        assertThat(problems)
                .singleElement()
                .asString()
                .contains("instruction price 2 tokens is above our price 1 tokens");
    }

    @Test
    void shouldAcceptAnyInstructionPriceWhenTheJobCreatorTakesTheMarketPrice() {
        JobOffer offer = offer(PricingMode.MARKET_PRICE);

        assertThat(DealTermsCheck.problems(
                        offer,
                        deal(offer, t -> t.pricing(T.multiply(BigInteger.TWO), T.multiply(BigInteger.TWO), T)),
                        Network.JC,
                        Network.SOLVER))
                .isEmpty();
    }
}
