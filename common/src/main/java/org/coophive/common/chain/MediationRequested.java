package org.coophive.common.chain;

import java.util.Objects;
import org.coophive.common.model.Addresses;

/**
 * The JC checked a deal's results and a mediator was picked from the deal's list (mediation's
 * {@code MediationRequested}).
 *
 * @param dealKey the deal's on-chain key
 * @param dealId the deal's id
 * @param mediator the mediator who must judge (EIP-55 checksummed)
 */
public record MediationRequested(Bytes32 dealKey, Bytes32 dealId, String mediator) {

    public MediationRequested {
        Objects.requireNonNull(dealKey, "dealKey");
        Objects.requireNonNull(dealId, "dealId");
        mediator = Addresses.checksummed("mediator", mediator);
    }
}
