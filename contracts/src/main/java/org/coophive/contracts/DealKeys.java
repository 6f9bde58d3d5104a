package org.coophive.contracts;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The on-chain key of a deal: {@code keccak256(abi.encode(dealId, jobCreator, resourceProvider))}.
 * Storage, Payments and Mediation file a deal under this key, so that nobody outside a deal can
 * claim its id first with other terms; {@code Payment}, {@code DealStateChange} and
 * {@code MediationRequested} events carry it.
 */
public final class DealKeys {

    private DealKeys() {}

    /**
     * The key of a deal.
     *
     * @param dealId the 32-byte deal id (the SHA-256 digest of the deal's content id)
     * @param jobCreator the job creator's address
     * @param resourceProvider the resource provider's address
     */
    public static byte[] of(byte[] dealId, String jobCreator, String resourceProvider) {
        Objects.requireNonNull(dealId, "dealId");
        if (dealId.length != 32) throw new IllegalArgumentException("a deal id has 32 bytes, not " + dealId.length);
        ByteBuffer encoded = ByteBuffer.allocate(96);
        encoded.put(dealId);
        encoded.put(Numeric.toBytesPadded(Numeric.toBigInt(address(jobCreator, "jobCreator")), 32));
        encoded.put(Numeric.toBytesPadded(Numeric.toBigInt(address(resourceProvider, "resourceProvider")), 32));
        return Hash.sha3(encoded.array());
    }

    private static String address(String value, String name) {
        Objects.requireNonNull(value, name);
        String hex = Numeric.cleanHexPrefix(value);
        if (hex.length() != 40 || !hex.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException(name + " is not an address: " + value);
        }
        return hex;
    }
}
