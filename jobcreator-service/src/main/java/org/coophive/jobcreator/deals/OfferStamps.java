package org.coophive.jobcreator.deals;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.coophive.common.model.JobOffer;

/**
 * The {@code created_at} of each job offer this engine makes: the clock's milliseconds, or one
 * more than the last offer's when the clock has not moved past it, so no two offers made here are
 * stamped alike.
 *
 * <p>The solver stores an offer under its content id, and {@code created_at} is all that tells two
 * offers of the same module and inputs from the same job creator apart: two jobs submitted in the
 * same millisecond (clients submitting at once) used to make one offer, so one deal, that each job
 * then agreed to, accepted and reported as its own (the second and third {@code agree} and
 * {@code acceptResult} reverting, some of them mined).
 */
final class OfferStamps {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    OfferStamps(Clock clock) {
        this.clock = clock;
    }

    /** The next stamp: later than every one given before. */
    long next() {
        long now = clock.millis();
        return last.accumulateAndGet(now, (previous, millis) -> Math.max(previous + 1, millis));
    }

    /** {@code offer} (not yet posted) stamped anew, so that it is an offer of its own. */
    JobOffer restamped(JobOffer offer) {
        return new JobOffer(
                "",
                next(),
                offer.jobCreator(),
                offer.module(),
                offer.spec(),
                offer.inputs(),
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                offer.trustedParties());
    }
}
