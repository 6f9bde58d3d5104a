package org.coophive.solver.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.solver.matching.TestOffers.NOW;
import static org.coophive.solver.matching.TestOffers.SOLVER;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.ResourceOffer;
import org.junit.jupiter.api.Test;

/**
 * One matching pass over 10,000 job offers and 10,000 resource offers, timed. Excluded from
 * normal builds (solver-service/pom.xml); run with the command in MATCHING.md.
 */
class MatcherBenchmarkTest {

    private static final int OFFERS = 10_000;
    private static final int PASSES = 7;

    @Test
    void shouldMatchTenThousandByTenThousandWhenRunOnDemand() {
        Random random = new Random(1);
        String[] mediators = {
            "0xa000000000000000000000000000000000000001",
            "0xa000000000000000000000000000000000000002",
            "0xa000000000000000000000000000000000000003"
        };
        long[] cpus = {1000, 2000, 4000, 8000, 16000};
        long[] rams = {1024, 4096, 16384, 65536};
        long[] gpus = {0, 0, 1000, 2000};
        String cowsay = ContentIds.of(TestOffers.COWSAY);
        String other = ContentIds.of(TestOffers.OTHER_MODULE);

        List<ResourceOffer> offers = new ArrayList<>(OFFERS);
        for (int i = 0; i < OFFERS; i++) {
            TestOffers.Resource r = TestOffers.resource()
                    .index(i)
                    .createdAt(NOW - random.nextInt(600_000))
                    .cpu(cpus[random.nextInt(cpus.length)])
                    .ram(rams[random.nextInt(rams.length)])
                    .gpu(gpus[random.nextInt(gpus.length)])
                    .price(1 + random.nextInt(100))
                    .mediators(mediators[random.nextInt(3)], mediators[random.nextInt(3)]);
            if (i % 3 == 0) r.modules(random.nextBoolean() ? cowsay : other);
            offers.add(r.build());
        }
        List<JobOffer> jobs = new ArrayList<>(OFFERS);
        for (int i = 0; i < OFFERS; i++) {
            TestOffers.Job j = TestOffers.job()
                    .createdAt(NOW - random.nextInt(600_000))
                    .creator("0xc" + String.format("%039x", i))
                    .cpu(cpus[random.nextInt(cpus.length)])
                    .ram(rams[random.nextInt(rams.length)])
                    .gpu(gpus[random.nextInt(gpus.length)])
                    .mediators(mediators[random.nextInt(3)]);
            if (random.nextBoolean()) j.fixedPrice(1 + random.nextInt(100));
            if (random.nextInt(4) == 0) j.module(TestOffers.OTHER_MODULE);
            jobs.add(j.build());
        }
        Matcher matcher =
                new Matcher(SOLVER, Duration.ofDays(1), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

        long[] millis = new long[PASSES];
        int deals = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            long start = System.nanoTime();
            deals = matcher.match(jobs, offers, Set.of()).deals().size();
            millis[pass] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf(
                "matching pass, %d job offers x %d resource offers: median %d ms (min %d, max %d over %d passes), %d deals%n",
                OFFERS, OFFERS, millis[PASSES / 2], millis[0], millis[PASSES - 1], PASSES, deals);
        assertThat(deals).isPositive();
    }
}
