package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The prices of a deal, exactly as they go on chain ({@code SharedStructs.DealPricing}): amounts
 * are wei (the reference kept whole tokens off chain and scaled them by 10^18 through a float;
 * here nothing is scaled, so nothing is rounded).
 *
 * @param instructionPrice wei per instruction; the job costs {@code instructionPrice x
 *     instructionCount}
 * @param paymentCollateral wei the job creator locks at agree to pay for the job
 * @param resultsCollateralMultiple the resource provider locks this multiple of the job cost when
 *     it posts results (a plain integer, not wei)
 * @param mediationFee wei the job creator pays the mediator when it disputes the results
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DealPricing(
        @WeiAmount BigInteger instructionPrice,
        @WeiAmount BigInteger paymentCollateral,
        @ZeroWhenAbsent long resultsCollateralMultiple,
        @WeiAmount BigInteger mediationFee) {

    public DealPricing {
        instructionPrice = Components.wei(instructionPrice);
        paymentCollateral = Components.wei(paymentCollateral);
        mediationFee = Components.wei(mediationFee);
    }
}
