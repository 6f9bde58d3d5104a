package org.coophive.common.signing;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Ethereum's personal-message signatures ({@code personal_sign}, EIP-191), byte for byte those of
 * web3j's {@link Sign#signPrefixedMessage}, at about a third of the cost: web3j finds the recovery
 * id by recovering the public key from the signature for each candidate id (up to four elliptic
 * curve recoveries after the signing itself); here it is read off the point the signing made
 * (the parity of its y coordinate). The same deterministic nonce (RFC 6979, HMAC-SHA256) and the
 * same low-s form, so the signature is the same. Transactions too ({@link #signTransaction}).
 *
 * <p>Recovery ({@link #recoverPrefixedMessageKey}) gives the key web3j's {@link
 * Sign#signedPrefixedMessageToKey} gives, at about two thirds of its cost: web3j first checks that
 * the point named by {@code r} has the curve's order by multiplying it by that order, a full scalar
 * multiplication that cannot fail on secp256k1, whose every point has that order (its cofactor is 1).
 */
public final class EthereumSignatures {

    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final BigInteger P = Sign.CURVE_PARAMS.getCurve().getField().getCharacteristic();
    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private EthereumSignatures() {}

    /** Signs the EIP-191 hash of {@code message}; as {@link Sign#signPrefixedMessage(byte[], ECKeyPair)}. */
    static Sign.SignatureData signPrefixedMessage(byte[] message, ECKeyPair keys) {
        return signHash(Sign.getEthereumMessageHash(message), keys.getPrivateKey());
    }

    /**
     * Signs a transaction: the signed bytes, hex with {@code 0x}, byte for byte web3j's {@code
     * TransactionEncoder.signMessage(transaction, chainId, credentials)} (what its transaction
     * managers send). A legacy transaction carries the chain id in {@code v} (EIP-155); a typed one
     * (EIP-1559 and later) has it inside and {@code v} is the recovery id.
     */
    public static String signTransaction(RawTransaction transaction, long chainId, ECKeyPair keys) {
        if (transaction.getType().isEip4844()) {
            throw new IllegalArgumentException("blob transactions are not signed here");
        }
        boolean legacy = transaction.getType().isLegacy();
        byte[] unsigned =
                legacy ? TransactionEncoder.encode(transaction, chainId) : TransactionEncoder.encode(transaction);
        Sign.SignatureData signature = signHash(Hash.sha3(unsigned), keys.getPrivateKey());
        if (legacy) signature = TransactionEncoder.createEip155SignatureData(signature, chainId);
        return Numeric.toHexString(TransactionEncoder.encode(transaction, signature));
    }

    /** Signs a 32-byte hash; as web3j's {@code Sign.signMessage(hash, keys, false)}. */
    static Sign.SignatureData signHash(byte[] hash, BigInteger privateKey) {
        if (hash.length != 32) throw new IllegalArgumentException("a hash is 32 bytes, not " + hash.length);
        BigInteger e = new BigInteger(1, hash);
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, privateKey, hash);
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint point = MULTIPLIER.multiply(Sign.CURVE_PARAMS.getG(), k).normalize();
            BigInteger x = point.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) continue;
            BigInteger s = BigIntegers.modOddInverse(N, k)
                    .multiply(e.add(privateKey.multiply(r)))
                    .mod(N);
            if (s.signum() == 0) continue;
            int recoveryId =
                    (point.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
            if (s.compareTo(HALF_N) > 0) { // the low-s form: the same signature of the point's mirror image
                s = N.subtract(s);
                recoveryId ^= 1;
            }
            return new Sign.SignatureData(
                    (byte) (27 + recoveryId), Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
        }
    }

    /**
     * The public key whose signature of the EIP-191 hash of {@code message} this is; as {@link
     * Sign#signedPrefixedMessageToKey}.
     *
     * @param v the recovery byte, 27 to 30
     * @param r the 32-byte {@code r}, in 1 to n - 1
     * @param s the 32-byte {@code s}, in 1 to n - 1
     * @throws SignatureException when no key can be recovered
     */
    static BigInteger recoverPrefixedMessageKey(byte[] message, byte v, byte[] r, byte[] s) throws SignatureException {
        if (r.length != 32 || s.length != 32) throw new SignatureException("r and s are 32 bytes each");
        int recoveryId = (v & 0xff) - 27;
        if (recoveryId < 0 || recoveryId > 3) throw new SignatureException("v is not 27 to 30: " + (v & 0xff));
        BigInteger rValue = new BigInteger(1, r);
        BigInteger sValue = new BigInteger(1, s);
        if (!inScalarRange(rValue) || !inScalarRange(sValue)) throw new SignatureException("r or s out of range");
        BigInteger x = rValue.add(N.multiply(BigInteger.valueOf(recoveryId / 2)));
        if (x.compareTo(P) >= 0) throw new SignatureException("r names no point of the curve");
        ECPoint point;
        try {
            byte[] compressed = new byte[33];
            compressed[0] = (byte) ((recoveryId & 1) == 1 ? 0x03 : 0x02);
            byte[] xBytes = Numeric.toBytesPadded(x, 32);
            System.arraycopy(xBytes, 0, compressed, 1, 32);
            point = Sign.CURVE_PARAMS.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("r names no point of the curve");
        }
        BigInteger e = new BigInteger(1, Sign.getEthereumMessageHash(message));
        BigInteger rInverse = rValue.modInverse(N);
        BigInteger eFactor = N.subtract(e.mod(N)).multiply(rInverse).mod(N);
        BigInteger sFactor = rInverse.multiply(sValue).mod(N);
        ECPoint key = ECAlgorithms.sumOfTwoMultiplies(Sign.CURVE_PARAMS.getG(), eFactor, point, sFactor)
                .normalize();
        if (key.isInfinity()) throw new SignatureException("the signature recovers no key");
        byte[] encoded = key.getEncoded(false);
        return new BigInteger(1, Arrays.copyOfRange(encoded, 1, encoded.length));
    }

    private static boolean inScalarRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(N) < 0;
    }
}
