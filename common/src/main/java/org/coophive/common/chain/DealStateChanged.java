package org.coophive.common.chain;

import java.util.Objects;
import org.coophive.contracts.AgreementState;

/**
 * A deal moved to a new state (storage's {@code DealStateChange}).
 *
 * @param dealKey the deal's on-chain key
 * @param dealId the deal's id
 * @param state the state it moved to
 */
public record DealStateChanged(Bytes32 dealKey, Bytes32 dealId, AgreementState state) {

    public DealStateChanged {
        Objects.requireNonNull(dealKey, "dealKey");
        Objects.requireNonNull(dealId, "dealId");
        Objects.requireNonNull(state, "state");
    }
}
