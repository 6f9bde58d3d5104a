package org.coophive.solver.deals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.store.DealStore;

/**
 * The matching loop's meters: the time of a pass, deals made, unmatched offers and deals by state.
 * Gauges hold the counts read at the end of a pass, so a scrape never queries the database; the
 * deals by state (a count over every deal) are read again at most every {@link #COUNT_DEALS_EVERY}.
 */
class MatchingMetrics {

    /** How often at most a pass counts the deals by state. */
    static final Duration COUNT_DEALS_EVERY = Duration.ofSeconds(5);

    private final DealStore deals;
    private final Timer passTimer;
    private final Counter matched;
    private final AtomicLong unmatchedJobOffers = new AtomicLong();
    private final AtomicLong unmatchedResourceOffers = new AtomicLong();
    private final Map<AgreementState, AtomicLong> dealsByState = new EnumMap<>(AgreementState.class);
    private final MeterRegistry registry;
    private long dealsCountedAt;
    private boolean dealsCounted;

    MatchingMetrics(MeterRegistry registry, DealStore deals) {
        this.registry = registry;
        this.deals = deals;
        this.passTimer = Timer.builder("coophive.solver.match.pass")
                .description("Time of one matching pass")
                .register(registry);
        this.matched = Counter.builder("coophive.solver.deals.matched")
                .description("Deals the solver made")
                .register(registry);
        Gauge.builder("coophive.solver.offers.unmatched", unmatchedJobOffers, AtomicLong::get)
                .description("Offers not in a deal, as of the last matching pass")
                .tag("kind", "job")
                .register(registry);
        Gauge.builder("coophive.solver.offers.unmatched", unmatchedResourceOffers, AtomicLong::get)
                .description("Offers not in a deal, as of the last matching pass")
                .tag("kind", "resource")
                .register(registry);
        for (AgreementState state : AgreementState.values()) {
            AtomicLong count = new AtomicLong();
            dealsByState.put(state, count);
            Gauge.builder("coophive.solver.deals", count, AtomicLong::get)
                    .description("Deals by state, as of a matching pass at most 5 s before the last")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    Timer.Sample startPass() {
        return Timer.start(registry);
    }

    void endPass(Timer.Sample sample, int made, long unmatchedJobs, long unmatchedResources) {
        sample.stop(passTimer);
        matched.increment(made);
        unmatchedJobOffers.set(Math.max(0, unmatchedJobs));
        unmatchedResourceOffers.set(Math.max(0, unmatchedResources));
        long now = System.nanoTime();
        if (dealsCounted && now - dealsCountedAt < COUNT_DEALS_EVERY.toNanos()) return;
        dealsCounted = true;
        dealsCountedAt = now;
        Map<AgreementState, Long> counts = deals.countByState();
        dealsByState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
    }
}
