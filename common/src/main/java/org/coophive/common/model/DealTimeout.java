package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One step's deadline and the collateral that the party responsible for the step loses if it
 * misses it, as on chain ({@code SharedStructs.DealTimeout}).
 *
 * @param timeout seconds, 1 to 2^32-1 (the contracts reject 0 and larger values)
 * @param collateral wei; must be 0 for the agree and mediate-results steps
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealTimeout(@ZeroWhenAbsent long timeout, @WeiAmount BigInteger collateral) {

    public DealTimeout {
        collateral = Components.wei(collateral);
    }

    /** A timeout without collateral. */
    public static DealTimeout of(long timeout) {
        return new DealTimeout(timeout, BigInteger.ZERO);
    }
}
