package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Random;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
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
