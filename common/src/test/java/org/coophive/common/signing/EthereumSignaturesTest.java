package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.List;
import java.util.Random;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

class EthereumSignaturesTest {

    @Test
    void shouldSignEveryMessageExactlyAsWeb3jDoesWhateverTheRecoveryIdAndTheLowSForm() throws Exception {
        Random random = new Random(19);
        int[] recoveryIds = new int[2];
        for (int i = 0; i < 300; i++) {
            ECKeyPair keys = ECKeyPair.create(new BigInteger(256, random)
                    .mod(Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE))
                    .add(BigInteger.ONE));
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(message);

            Sign.SignatureData ours = EthereumSignatures.signPrefixedMessage(message, keys);

            Sign.SignatureData web3j = Sign.signPrefixedMessage(message, keys);
            assertThat(ours.getR()).isEqualTo(web3j.getR());
            assertThat(ours.getS()).isEqualTo(web3j.getS());
            assertThat(ours.getV()).isEqualTo(web3j.getV());
            assertThat(Sign.signedPrefixedMessageToKey(message, ours)).isEqualTo(keys.getPublicKey());
            recoveryIds[ours.getV()[0] - 27]++;
        }
        assertThat(recoveryIds[0]).as("recovery id 0 met").isGreaterThan(50);
        assertThat(recoveryIds[1]).as("recovery id 1 met").isGreaterThan(50);
    }

    @Test
    void shouldSignAsTheDevAccountWhoseAddressTheSignatureRecovers() throws Exception {
        ECKeyPair keys = DevAccounts.resourceProvider().credentials().getEcKeyPair();
        byte[] message = "POST\n/api/v1/resource_offers".getBytes(StandardCharsets.UTF_8);

        Sign.SignatureData signature = EthereumSignatures.signPrefixedMessage(message, keys);

        assertThat("0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(message, signature)))
                .isEqualToIgnoringCase(DevAccounts.resourceProvider().address());
    }

    @Test
    void shouldSignEveryTransactionExactlyAsWeb3jsTransactionManagersDoLegacyAndEip1559() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            ECKeyPair keys = ECKeyPair.create(new BigInteger(256, random)
                    .mod(Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE))
                    .add(BigInteger.ONE));
            long chainId = List.of(1L, 31_337L, 11_155_111L, 4_294_967_295L).get(i % 4);
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            BigInteger nonce = BigInteger.valueOf(random.nextInt(1_000));
            BigInteger gas = BigInteger.valueOf(21_000 + random.nextInt(2_000_000));
            String to = "0x" + Keys.getAddress(keys.getPublicKey());
            RawTransaction transaction = i % 2 == 0
                    ? RawTransaction.createTransaction(
                            nonce,
                            BigInteger.valueOf(random.nextInt(1_000_000_000)),
                            gas,
                            to,
                            BigInteger.TEN,
                            Numeric.toHexString(data))
                    : RawTransaction.createTransaction(
                            chainId,
                            nonce,
                            gas,
                            to,
                            BigInteger.ONE,
                            Numeric.toHexString(data),
                            BigInteger.valueOf(random.nextInt(2_000_000_000)),
                            BigInteger.valueOf(3_000_000_000L + random.nextInt(1_000_000_000)));

            String ours = EthereumSignatures.signTransaction(transaction, chainId, keys);

            String web3j =
                    Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, Credentials.create(keys)));
            assertThat(ours).isEqualTo(web3j);
            SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(ours);
            assertThat(decoded.getFrom()).isEqualToIgnoringCase("0x" + Keys.getAddress(keys.getPublicKey()));
        }
    }

    @Test
    void shouldRefuseAHashThatIsNot32Bytes() {
        assertThatThrownBy(() -> EthereumSignatures.signHash(new byte[31], BigInteger.TEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void shouldRecoverTheKeyWeb3jRecoversFromEverySignature() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            ECKeyPair keys = ECKeyPair.create(new BigInteger(256, random)
                    .mod(Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE))
                    .add(BigInteger.ONE));
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(message);
            Sign.SignatureData signature = EthereumSignatures.signPrefixedMessage(message, keys);

            BigInteger recovered = EthereumSignatures.recoverPrefixedMessageKey(
                    message, signature.getV()[0], signature.getR(), signature.getS());

            assertThat(recovered).isEqualTo(keys.getPublicKey());
            // The other recovery id names the mirror point: another key, the one web3j finds too.
            byte other = (byte) (27 + ((signature.getV()[0] - 27) ^ 1));
            assertThat(EthereumSignatures.recoverPrefixedMessageKey(message, other, signature.getR(), signature.getS()))
                    .isEqualTo(Sign.signedPrefixedMessageToKey(
                            message, new Sign.SignatureData(other, signature.getR(), signature.getS())))
                    .isNotEqualTo(keys.getPublicKey());
        }
    }

    @Test
    void shouldRecoverNoKeyFromAnROfNoPointOrOutOfRange() throws Exception {
        byte[] message = "GET\n/api/v1/deals".getBytes(StandardCharsets.UTF_8);
        byte[] s = Numeric.toBytesPadded(BigInteger.valueOf(12345), 32);
        // x = 5 is on no point of secp256k1 (5^3 + 7 = 132 is not a square mod p).
        byte[] noPoint = Numeric.toBytesPadded(BigInteger.valueOf(5), 32);
        assertThatThrownBy(
                        () -> Sign.signedPrefixedMessageToKey(message, new Sign.SignatureData((byte) 27, noPoint, s)))
                .as("web3j refuses it too")
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> EthereumSignatures.recoverPrefixedMessageKey(message, (byte) 27, noPoint, s))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("no point");
        assertThatThrownBy(() -> EthereumSignatures.recoverPrefixedMessageKey(message, (byte) 27, new byte[32], s))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("out of range");
        byte[] order = Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN(), 32);
        assertThatThrownBy(() -> EthereumSignatures.recoverPrefixedMessageKey(message, (byte) 27, s, order))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("out of range");
        // Recovery ids 2 and 3 name x = r + n, beyond the field for any r above p - n.
        byte[] high = Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE), 32);
        assertThatThrownBy(() -> EthereumSignatures.recoverPrefixedMessageKey(message, (byte) 29, high, s))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("no point");
        assertThatThrownBy(() -> EthereumSignatures.recoverPrefixedMessageKey(message, (byte) 31, s, s))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("27 to 30");
    }
}
