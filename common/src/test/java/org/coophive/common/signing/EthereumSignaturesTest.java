package org.coophive.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

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
}
