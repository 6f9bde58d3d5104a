package org.coophive.jobcreator.deals;

import java.time.Instant;
import java.util.Objects;

/**
 * One phase a job reached.
 *
 * @param phase the phase
 * @param at when this service saw it
 * @param message details for people (whom it matched, at what price, a transaction hash)
 */
public record PhaseEvent(Phase phase, Instant at, String message) {

    public PhaseEvent {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
        message = message == null ? "" : message;
    }
}
