package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A mined, successful transaction.
 *
 * @param txHash its hash
 * @param blockNumber the block it was mined in
 * @param gasUsed the gas it used
 */
public record TxResult(String txHash, long blockNumber, BigInteger gasUsed) {

    public TxResult {
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(gasUsed, "gasUsed");
    }
}
