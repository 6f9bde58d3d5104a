package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.coophive.common.chain.TransactionSender.Fees;
import org.junit.jupiter.api.Test;

/** The fees of a replacement: the node takes it only with a bump, and it must be minable now. */
class ReplacementFeesTest {

    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Test
    void shouldRaiseTheTipAndTheFeeCapByAnEighthWhenTheMarketIsLower() {
        Fees paid = new Fees(gwei(2), gwei(10));

        Fees bumped = TransactionSender.bump(paid, new Fees(gwei(1), gwei(5)));

        assertThat(bumped)
                .isEqualTo(new Fees(
                        gwei(2).multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)),
                        gwei(10).multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8))));
    }

    @Test
    void shouldOfferTheMarketsFeesWhenTheyAreAboveTheBump() {
        Fees bumped = TransactionSender.bump(new Fees(gwei(1), gwei(3)), new Fees(gwei(2), gwei(41)));

        assertThat(bumped).isEqualTo(new Fees(gwei(2), gwei(41)));
    }

    @Test
    void shouldRoundTheBumpUpSoItIsNeverBelowAnEighth() {
        assertThat(TransactionSender.bump(new Fees(null, BigInteger.valueOf(100)), new Fees(null, BigInteger.TEN)))
                .isEqualTo(new Fees(null, BigInteger.valueOf(113)));
        assertThat(TransactionSender.bump(new Fees(BigInteger.ONE, BigInteger.ONE), new Fees(null, BigInteger.ONE)))
                .isEqualTo(new Fees(BigInteger.TWO, BigInteger.TWO));
    }

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }
}
