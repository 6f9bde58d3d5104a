package org.coophive.resourceprovider.health;

import org.coophive.common.chain.ChainClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the chain node answers; shows the latest block and this provider's address. */
final class ChainHealthIndicator extends AbstractHealthIndicator {

    private final ChainClient chain;

    ChainHealthIndicator(ChainClient chain) {
        super("the chain node cannot be reached");
        this.chain = chain;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("block", chain.blockNumber()).withDetail("address", chain.address());
    }
}
