package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The results a resource provider committed to on chain (storage's {@code Result}).
 *
 * @param dealKey the deal's key
 * @param dataId the 32-byte digest of the result data's content id
 * @param instructionCount the instruction count the RP is paid for
 */
public record OnChainResult(Bytes32 dealKey, Bytes32 dataId, BigInteger instructionCount) {

    public OnChainResult {
        Objects.requireNonNull(dealKey, "dealKey");
        Objects.requireNonNull(dataId, "dataId");
        Objects.requireNonNull(instructionCount, "instructionCount");
    }
}
