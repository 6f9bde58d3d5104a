package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The RP committed to results (storage's {@code ResultAdded}).
 *
 * @param dealKey the deal's on-chain key
 * @param resultsId the 32-byte digest of the result record's content id
 * @param dataId the 32-byte digest of the result data's content id
 * @param instructionCount the instruction count the RP claims
 */
public record ResultAdded(Bytes32 dealKey, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount) {

    public ResultAdded {
        Objects.requireNonNull(dealKey, "dealKey");
        Objects.requireNonNull(resultsId, "resultsId");
        Objects.requireNonNull(dataId, "dataId");
        Objects.requireNonNull(instructionCount, "instructionCount");
    }
}
