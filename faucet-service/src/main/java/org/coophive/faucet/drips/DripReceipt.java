package org.coophive.faucet.drips;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A drip that arrived: what was sent in which transactions, and what the recipient holds now.
 * Amounts are wei as decimal strings.
 *
 * @param address the recipient (EIP-55)
 * @param ether the ether sent
 * @param tokens the tokens sent
 * @param transactions one per asset sent, in the order they were sent
 * @param etherBalance the recipient's ether after the drip
 * @param tokenBalance the recipient's tokens after the drip
 * @param nextDripAt when the address may have its next drip
 */
public record DripReceipt(
        String address,
        @JsonProperty("ether") String ether,
        @JsonProperty("tokens") String tokens,
        List<Transaction> transactions,
        @JsonProperty("ether_balance") String etherBalance,
        @JsonProperty("token_balance") String tokenBalance,
        @JsonProperty("next_drip_at") Instant nextDripAt) {

    public DripReceipt {
        transactions = List.copyOf(transactions);
    }

    static DripReceipt of(
            String address,
            BigInteger ether,
            BigInteger tokens,
            List<Transaction> transactions,
            BigInteger etherBalance,
            BigInteger tokenBalance,
            Instant nextDripAt) {
        return new DripReceipt(
                address,
                ether.toString(),
                tokens.toString(),
                transactions,
                etherBalance.toString(),
                tokenBalance.toString(),
                nextDripAt);
    }

    /**
     * One transaction of a drip.
     *
     * @param asset {@code ether} or {@code tokens}
     * @param hash the transaction hash
     * @param block the block it was mined in, or null if its fate is unknown
     */
    public record Transaction(String asset, String hash, Long block) {}
}
