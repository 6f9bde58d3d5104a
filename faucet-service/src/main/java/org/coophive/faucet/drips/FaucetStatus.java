package org.coophive.faucet.drips;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the faucet gives, what it holds and its limits ({@code GET /api/v1/faucet}). Amounts are wei
 * as decimal strings.
 *
 * @param address the faucet's own account
 * @param chainId the chain it sends on
 * @param token the token contract (the deployment's CoopHiveToken)
 * @param etherPerDrip ether one drip sends
 * @param tokensPerDrip tokens one drip sends
 * @param etherBalance ether the faucet holds
 * @param tokenBalance tokens the faucet holds
 * @param dripsLeft how many more drips its balances pay for (gas included)
 * @param available whether it can give a drip now (balances above the refusal threshold)
 * @param limits its limits and how much of the daily cap is used
 */
public record FaucetStatus(
        String address,
        @JsonProperty("chain_id") long chainId,
        String token,
        @JsonProperty("ether_per_drip") String etherPerDrip,
        @JsonProperty("tokens_per_drip") String tokensPerDrip,
        @JsonProperty("ether_balance") String etherBalance,
        @JsonProperty("token_balance") String tokenBalance,
        @JsonProperty("drips_left") long dripsLeft,
        boolean available,
        Limits limits) {

    /**
     * @param windowSeconds seconds between two drips to one address (and the per-client period)
     * @param perClient drips one client may ask for per window
     * @param dailyCap drips the faucet gives in any 24 hours
     * @param dripsLast24h drips given in the last 24 hours
     */
    public record Limits(
            @JsonProperty("window_seconds") long windowSeconds,
            @JsonProperty("per_client") int perClient,
            @JsonProperty("daily_cap") int dailyCap,
            @JsonProperty("drips_last_24h") int dripsLast24h) {}
}
