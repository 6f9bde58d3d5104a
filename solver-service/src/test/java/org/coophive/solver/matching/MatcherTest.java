package org.coophive.solver.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.matching.TestOffers.APPLES;
import static org.coophive.solver.matching.TestOffers.APPLES2;
import static org.coophive.solver.matching.TestOffers.COWSAY;
import static org.coophive.solver.matching.TestOffers.NOW;
import static org.coophive.solver.matching.TestOffers.OTHER_MODULE;
import static org.coophive.solver.matching.TestOffers.OTHER_SOLVER;
import static org.coophive.solver.matching.TestOffers.SOLVER;
import static org.coophive.solver.matching.TestOffers.job;
import static org.coophive.solver.matching.TestOffers.resource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.Privileges;
import org.coophive.common.model.ResourceOffer;
import org.junit.jupiter.api.Test;

class MatcherTest {

    private static final Duration EXPIRY = Duration.ofHours(1);
    private final Matcher matcher =
            new Matcher(SOLVER, EXPIRY, Clock.fixed(Instant.ofEpochMilli(NOW + 1000), ZoneOffset.UTC));

    private List<Deal> match(List<JobOffer> jobs, List<ResourceOffer> offers) {
        return matcher.match(jobs, offers, Set.of()).deals();
    }

    private boolean matches(TestOffers.Job job, TestOffers.Resource resource) {
        return !match(List.of(job.build()), List.of(resource.build())).isEmpty();
    }

    // The reference's eight TestDoOffersMatch cases, with addresses for solver and mediators.

    @Test
    void shouldMatchWhenOffersAreTheBasePair() {
        assertThat(matches(job(), resource())).isTrue();
    }

    @Test
    void shouldNotMatchWhenJobNeedsMoreCpu() {
        assertThat(matches(job().cpu(2000), resource())).isFalse();
    }

    @Test
    void shouldNotMatchWhenBothMediatorListsAreEmpty() {
        assertThat(matches(job().mediators(), resource().mediators())).isFalse();
    }

    @Test
    void shouldNotMatchWhenMediatorsDiffer() {
        assertThat(matches(job(), resource().mediators(APPLES2))).isFalse();
    }

    @Test
    void shouldMatchWhenMediatorListsDifferButShareOne() {
        assertThat(matches(job(), resource().mediators(APPLES2, APPLES))).isTrue();
    }

    @Test
    void shouldNotMatchWhenSolversDiffer() {
        assertThat(matches(job(), resource().solver(OTHER_SOLVER))).isFalse();
    }

    @Test
    void shouldNotMatchWhenFixedPriceJobPaysLessThanAsked() {
        assertThat(matches(job().fixedPrice(9), resource())).isFalse();
    }

    @Test
    void shouldMatchWhenFixedPriceJobPaysMoreThanAsked() {
        assertThat(matches(job().fixedPrice(11), resource())).isTrue();
    }

    // Fixes and extensions.

    @Test
    void shouldBuildDealFromProviderTermsWhenMatched() {
        JobOffer j = job().build();
        ResourceOffer r = resource().mediators(APPLES2, APPLES).build();

        Deal deal = match(List.of(j), List.of(r)).get(0);

        assertThat(deal.id()).isEqualTo(ContentIds.of(deal));
        assertThat(deal.members().solver()).isEqualToIgnoringCase(SOLVER);
        assertThat(deal.members().jobCreator()).isEqualTo(j.jobCreator());
        assertThat(deal.members().resourceProvider()).isEqualTo(r.resourceProvider());
        assertThat(deal.members().mediators()).containsExactly(APPLES);
        assertThat(deal.pricing()).isEqualTo(r.defaultPricing());
        assertThat(deal.timeouts()).isEqualTo(r.defaultTimeouts());
        assertThat(deal.jobOffer()).isEqualTo(j);
        assertThat(deal.resourceOffer()).isEqualTo(r);
    }

    @Test
    void shouldBookResourceOfferOnceWhenTwoJobsWantIt() {
        JobOffer older = job().createdAt(NOW - 10).build();
        JobOffer newer = job().createdAt(NOW).build();
        ResourceOffer only = resource().build();

        List<Deal> deals = match(List.of(newer, older), List.of(only));

        assertThat(deals).singleElement().satisfies(deal -> {
            assertThat(deal.jobOffer()).isEqualTo(older);
            assertThat(deal.resourceOffer()).isEqualTo(only);
        });
    }

    @Test
    void shouldSkipResourceOfferWhenItsDealIsOpen() {
        ResourceOffer busy = resource().build();

        Matches pass = matcher.match(List.of(job().build()), List.of(busy), Set.of(busy.id()));

        assertThat(pass.deals()).isEmpty();
    }

    @Test
    void shouldProduceSameDealsWhenInputIsShuffled() {
        List<JobOffer> jobs = new ArrayList<>();
        List<ResourceOffer> offers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            jobs.add(job().createdAt(NOW - (i % 5))
                    .cpu(1000 * (1 + i % 3))
                    .fixedPrice(5 + i % 7)
                    .build());
            offers.add(resource()
                    .createdAt(NOW - (i % 4))
                    .index(i)
                    .cpu(1000 * (1 + i % 4))
                    .price(3 + i % 6)
                    .build());
        }
        List<Deal> expected = match(jobs, offers);
        assertThat(expected).isNotEmpty();

        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(jobs, random);
            Collections.shuffle(offers, random);
            assertThat(match(jobs, offers)).isEqualTo(expected);
        }
    }

    @Test
    void shouldPickCheapestThenOldestThenSmallestIdWhenSeveralMatch() {
        ResourceOffer dear = resource().price(9).createdAt(NOW - 100).index(1).build();
        ResourceOffer cheapNew = resource().price(5).createdAt(NOW).index(2).build();
        ResourceOffer cheapOld =
                resource().price(5).createdAt(NOW - 50).index(3).build();
        ResourceOffer sameA = resource().price(7).createdAt(NOW - 60).index(4).build();
        ResourceOffer sameB = resource().price(7).createdAt(NOW - 60).index(5).build();
        List<ResourceOffer> all = List.of(dear, cheapNew, cheapOld, sameA, sameB);
        List<JobOffer> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) jobs.add(job().createdAt(NOW - 10 + i).build());

        List<Deal> deals = match(jobs, all);

        String first = sameA.id().compareTo(sameB.id()) < 0 ? sameA.id() : sameB.id();
        String second = first.equals(sameA.id()) ? sameB.id() : sameA.id();
        assertThat(deals)
                .extracting(deal -> deal.resourceOffer().id())
                .containsExactly(cheapOld.id(), cheapNew.id(), first, second, dear.id());
        assertThat(deals).extracting(Deal::jobOffer).containsExactlyElementsOf(jobs);
    }

    @Test
    void shouldMatchWhenProviderPostsChangedOfferAfterRejection() {
        JobOffer j = job().cpu(2000).build();
        ResourceOffer small = resource().cpu(1000).build();
        assertThat(match(List.of(j), List.of(small))).isEmpty();

        ResourceOffer bigger = resource().cpu(2000).build();

        assertThat(match(List.of(j), List.of(bigger)))
                .singleElement()
                .satisfies(deal -> assertThat(deal.resourceOffer()).isEqualTo(bigger));
    }

    @Test
    void shouldReportExpiredOffersAndNotMatchThemWhenOlderThanExpiry() {
        long tooOld = NOW + 1000 - EXPIRY.toMillis() - 1;
        JobOffer oldJob = job().createdAt(tooOld).build();
        JobOffer freshJob = job().build();
        ResourceOffer oldOffer = resource().createdAt(tooOld).build();

        Matches pass = matcher.match(List.of(oldJob, freshJob), List.of(oldOffer), Set.of());

        assertThat(pass.deals()).isEmpty();
        assertThat(pass.expiredJobOffers()).containsExactly(oldJob.id());
        assertThat(pass.expiredResourceOffers()).containsExactly(oldOffer.id());
    }

    @Test
    void shouldMatchOnlyListedModulesWhenOfferNamesModules() {
        String cowsayId = ContentIds.of(COWSAY);
        assertThat(matches(job(), resource().modules(cowsayId))).isTrue();
        assertThat(matches(job().module(OTHER_MODULE), resource().modules(cowsayId)))
                .isFalse();
        assertThat(matches(job().module(OTHER_MODULE), resource())).isTrue();
    }

    @Test
    void shouldNotMatchWhenBothOffersNameAnotherSolver() {
        assertThat(matches(job().solver(OTHER_SOLVER), resource().solver(OTHER_SOLVER)))
                .isFalse();
    }

    @Test
    void shouldMatchWhenSolverAddressDiffersOnlyInCase() {
        assertThat(matches(job().solver(SOLVER.toUpperCase().replace("0X", "0x")), resource()))
                .isTrue();
    }

    @Test
    void shouldListMutualMediatorsInProviderOrderWithoutRepeatsWhenMatched() {
        String m3 = "0xa000000000000000000000000000000000000003";
        JobOffer j = job().mediators(APPLES, m3, APPLES2).build();
        ResourceOffer r = resource()
                .mediators(m3, APPLES2.toUpperCase().replace("0X", "0x"), m3, APPLES)
                .build();

        Deal deal = match(List.of(j), List.of(r)).get(0);

        assertThat(deal.members().mediators())
                .containsExactly(m3, APPLES2.toUpperCase().replace("0X", "0x"), APPLES);
    }

    @Test
    void shouldNeverMatchWhenProviderIsMarketPriced() {
        assertThat(matches(job(), resource().mode(PricingMode.MARKET_PRICE))).isFalse();
    }

    // Explanations.

    private Optional<MatchRule> explain(TestOffers.Job job, TestOffers.Resource resource, boolean busy) {
        ResourceOffer offer = resource.build();
        Explanation explanation = matcher.explain(job.build(), List.of(offer), busy ? Set.of(offer.id()) : Set.of());
        return explanation.verdicts().get(0).failedRule();
    }

    @Test
    void shouldExplainFirstFailingRuleWhenPairDoesNotMatch() {
        long tooOld = NOW - EXPIRY.toMillis();
        assertThat(explain(job(), resource(), false)).isEmpty();
        assertThat(explain(job(), resource().createdAt(tooOld), false)).contains(MatchRule.EXPIRED);
        assertThat(explain(job().createdAt(tooOld), resource(), false)).contains(MatchRule.EXPIRED);
        assertThat(explain(job(), resource(), true)).contains(MatchRule.BUSY);
        assertThat(explain(job(), resource().solver(OTHER_SOLVER), false)).contains(MatchRule.SOLVER);
        assertThat(explain(job().cpu(2000).ram(4096), resource(), false)).contains(MatchRule.CPU);
        assertThat(explain(job().gpu(2000).ram(4096), resource(), false)).contains(MatchRule.GPU);
        assertThat(explain(job().ram(4096), resource(), false)).contains(MatchRule.RAM);
        assertThat(explain(job().fixedPrice(1), resource().modules(ContentIds.of(OTHER_MODULE)), false))
                .contains(MatchRule.MODULE);
        assertThat(explain(job(), resource().mode(PricingMode.MARKET_PRICE).mediators(), false))
                .contains(MatchRule.MARKET_PRICE_RP);
        assertThat(explain(job().fixedPrice(9), resource().mediators(), false)).contains(MatchRule.PRICE);
        assertThat(explain(job(), resource().mediators(APPLES2), false)).contains(MatchRule.MEDIATORS);
    }

    @Test
    void shouldPairANetworkModuleOnlyWithAProviderThatAllowsNetworkAndSaySoOtherwise() {
        assertThat(matches(job().network(), resource())).isFalse();
        assertThat(matches(job().network(), resource().network())).isTrue();
        assertThat(matches(job(), resource().network())).isTrue();

        ResourceOffer offer = resource().build();
        Explanation explanation = matcher.explain(job().network().build(), List.of(offer), Set.of());
        assertThat(explanation.verdicts().get(0).failedRule()).contains(MatchRule.NETWORK);
        assertThat(explanation.verdicts().get(0).message())
                .isEqualTo("the job's module asks for network access, and this provider does not allow networking"
                        + " (its OFFER_NETWORK is off)");
    }

    @Test
    void shouldPairAPrivilegedModuleOnlyWithAProviderThatGrantsAllItAsksAndSayWhatWasMissing() {
        Privileges rootChown = new Privileges(true, List.of("CHOWN"), false);
        assertThat(matches(job().privileges(rootChown), resource())).isFalse();
        assertThat(matches(job().privileges(rootChown), resource().privileges(new Privileges(true, List.of(), true))))
                .isFalse();
        assertThat(matches(job().privileges(rootChown), resource().privileges(rootChown)))
                .isTrue();
        assertThat(matches(
                        job().privileges(rootChown),
                        resource().privileges(new Privileges(true, List.of("CHOWN", "KILL"), true))))
                .isTrue();
        assertThat(matches(job(), resource().privileges(rootChown))).isTrue();

        Explanation explanation = matcher.explain(
                job().privileges(new Privileges(true, List.of("CHOWN"), true)).build(),
                List.of(resource()
                        .privileges(new Privileges(true, List.of(), false))
                        .build()),
                Set.of());
        assertThat(explanation.verdicts().get(0).failedRule()).contains(MatchRule.PRIVILEGES);
        assertThat(explanation.verdicts().get(0).message())
                .isEqualTo("the job's module asks for root, capabilities [CHOWN], writable root, and this provider"
                        + " does not grant capability CHOWN, a writable root filesystem (its EXECUTOR_PRIVILEGES"
                        + " grants root)");
    }

    @Test
    void shouldNotMatchWhenTheOfferHasLessGpuMemoryOrDiskThanTheJobNeedsAndSaySo() {
        assertThat(matches(job().gpuMemory(40_000), resource().gpuMemory(8_000)))
                .isFalse();
        assertThat(matches(job().gpuMemory(40_000), resource().gpuMemory(80_000)))
                .isTrue();
        assertThat(matches(job().disk(10_000), resource())).isFalse();
        assertThat(matches(job().disk(10_000), resource().disk(20_000))).isTrue();

        Explanation memory = matcher.explain(
                job().gpuMemory(40_000).build(),
                List.of(resource().gpuMemory(8_000).build()),
                Set.of());
        assertThat(memory.verdicts().get(0).failedRule()).contains(MatchRule.GPU_MEMORY);
        assertThat(memory.verdicts().get(0).message()).isEqualTo("needs 40000 MB of GPU memory, offer has 8000");
        Explanation disk =
                matcher.explain(job().disk(10_000).build(), List.of(resource().build()), Set.of());
        assertThat(disk.verdicts().get(0).failedRule()).contains(MatchRule.DISK);
        assertThat(disk.verdicts().get(0).message()).isEqualTo("needs 10000 MB of disk, offer has 0");
    }

    @Test
    void shouldSayWhatIsMissingWhenCpuFails() {
        ResourceOffer offer = resource().build();

        Explanation explanation = matcher.explain(job().cpu(2000).build(), List.of(offer), Set.of());

        assertThat(explanation.verdicts()).singleElement().satisfies(verdict -> {
            assertThat(verdict.resourceOffer()).isEqualTo(offer.id());
            assertThat(verdict.matches()).isFalse();
            assertThat(verdict.message()).isEqualTo("needs 2000 milli-CPU, offer has 1000");
        });
    }

    @Test
    void shouldListCheapestFirstWhenExplaining() {
        ResourceOffer dear = resource().price(9).index(1).build();
        ResourceOffer cheap = resource().price(3).index(2).build();

        Explanation explanation = matcher.explain(job().build(), List.of(dear, cheap), Set.of());

        assertThat(explanation.verdicts())
                .extracting(Explanation.Verdict::resourceOffer)
                .containsExactly(cheap.id(), dear.id());
        assertThat(explanation.verdicts()).allMatch(Explanation.Verdict::matches);
    }
}
