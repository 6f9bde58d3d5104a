package org.coophive.faucet.drips;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the faucet gives.
 *
 * @param window how long an address waits between two drips; also the period of {@code perClient}
 * @param perClient drips one client (remote address) may ask for per window
 * @param dailyCap drips the faucet gives in any 24 hours, to everyone together
 */
public record DripLimits(Duration window, int perClient, int dailyCap) {

    /** The period of the daily cap. */
    public static final Duration DAY = Duration.ofHours(24);

    public DripLimits {
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) throw new IllegalArgumentException("window must be positive");
        if (perClient < 1) throw new IllegalArgumentException("perClient must be at least 1");
        if (dailyCap < 1) throw new IllegalArgumentException("dailyCap must be at least 1");
    }

    /** How far back the drips that matter go: the longer of the window and a day. */
    Duration horizon() {
        return window.compareTo(DAY) > 0 ? window : DAY;
    }
}
