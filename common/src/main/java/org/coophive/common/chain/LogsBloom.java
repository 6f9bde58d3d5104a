package org.coophive.common.chain;

import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A block's {@code logsBloom} (the 2,048-bit filter in its header over every log's address and
 * topics) and what it rules out: a block whose filter lacks a contract's address or an event's
 * topic holds no such log, so an event stream need not ask the node for that block's logs. A set
 * bit proves nothing (the filter has false positives, never false negatives).
 */
final class LogsBloom {

    static final int BYTES = 256;

    private final byte[] bits;

    private LogsBloom(byte[] bits) {
        this.bits = bits;
    }

    /** The filter a header gives as hex, empty when it is not 256 bytes of hex. */
    static Optional<LogsBloom> ofHex(String hex) {
        if (hex == null) return Optional.empty();
        try {
            byte[] bytes = Numeric.hexStringToByteArray(hex);
            return bytes.length == BYTES ? Optional.of(new LogsBloom(bytes)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a log of {@code probe}'s contract and topic may be in the block. */
    boolean mayContain(Probe probe) {
        for (int bit : probe.bits) {
            if ((bits[BYTES - 1 - bit / 8] & (1 << (bit % 8))) == 0) return false;
        }
        return true;
    }

    /** The six bits one (contract, topic) pair sets: three for the address, three for the topic. */
    static final class Probe {
        private final int[] bits = new int[6];

        /**
         * @param contract the contract's address (hex)
         * @param topic the event's signature hash (hex)
         */
        Probe(String contract, String topic) {
            set(0, Numeric.hexStringToByteArray(Objects.requireNonNull(contract, "contract")));
            set(3, Numeric.hexStringToByteArray(Objects.requireNonNull(topic, "topic")));
        }

        /** Ethereum's rule: the low 11 bits of the first three byte pairs of the value's Keccak-256. */
        private void set(int at, byte[] value) {
            byte[] hash = Hash.sha3(value);
            for (int i = 0; i < 3; i++) {
                bits[at + i] = (((hash[2 * i] & 0xff) << 8) | (hash[2 * i + 1] & 0xff)) & 2047;
            }
        }
    }
}
