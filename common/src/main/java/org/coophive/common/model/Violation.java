package org.coophive.common.model;

import java.util.Objects;

/**
 * One reason a wire record is not acceptable, found by {@link ModelValidator}.
 *
 * @param field the JSON path of the offending value, e.g. {@code trusted_parties.mediator[1]} or
 *     {@code default_timeouts.agree.collateral} (snake_case, as the client sent it)
 * @param message what is wrong with it, in words a client can act on
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
