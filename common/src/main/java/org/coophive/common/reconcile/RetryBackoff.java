package org.coophive.common.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How soon {@link WorkLanes} gives a turn that asked to be {@linkplain WorkLanes.Outcome#TRY_AGAIN_SOON
 * tried again soon} its next try: {@code first}, then twice as long after each further such
 * outcome in a row. Once the delay would reach {@code cap} (the reconciler's pass interval) no
 * retry is scheduled: the periodic pass tries the key again then anyway.
 *
 * @param first the delay before the first retry
 * @param cap the delay from which the periodic pass is left to try again
 */
public record RetryBackoff(Duration first, Duration cap) {

    /** The first retry after 0.2 s: long enough for another service to record a step it heard. */
    public static final Duration FIRST = Duration.ofMillis(200);

    public RetryBackoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || first.isZero())
            throw new IllegalArgumentException("first must be positive: " + first);
    }

    /** Retries from {@link #FIRST} doubling, left to the pass every {@code passInterval} from then on. */
    public static RetryBackoff upTo(Duration passInterval) {
        return new RetryBackoff(FIRST, passInterval);
    }

    /**
     * The delay before retry number {@code attempt} (1 for the first), or empty when the periodic
     * pass comes as soon.
     */
    public Optional<Duration> delay(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(cap) < 0; i++) delay = delay.multipliedBy(2);
        return delay.compareTo(cap) < 0 ? Optional.of(delay) : Optional.empty();
    }
}
