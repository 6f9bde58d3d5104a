package org.coophive.faucet.drips;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.common.config.TokenAmounts;

/**
 * The faucet's Prometheus metrics: {@code faucet_drips_total}, {@code faucet_refusals_total} by
 * {@code reason} ({@code invalid_address}, {@code contract_address}, {@code address_limit},
 * {@code client_limit}, {@code daily_cap}, {@code low_funds}, {@code chain_error}) and
 * {@code faucet_balance} by {@code asset} ({@code ether}, {@code tokens}; whole units, as last read
 * from the chain: a scrape never waits for the node).
 */
public final class FaucetMetrics {

    private final MeterRegistry registry;
    private final Counter drips;
    private final AtomicReference<BigInteger> ether = new AtomicReference<>();
    private final AtomicReference<BigInteger> tokens = new AtomicReference<>();

    public FaucetMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.drips = Counter.builder("faucet.drips").description("drips sent").register(registry);
        Gauge.builder("faucet.balance", ether, FaucetMetrics::units)
                .tag("asset", "ether")
                .description("what the faucet holds, as last read from the chain")
                .register(registry);
        Gauge.builder("faucet.balance", tokens, FaucetMetrics::units)
                .tag("asset", "tokens")
                .description("what the faucet holds, as last read from the chain")
                .register(registry);
    }

    void dripped() {
        drips.increment();
    }

    void refused(String reason) {
        Counter.builder("faucet.refusals")
                .description("drips refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void balances(BigInteger etherWei, BigInteger tokenWei) {
        ether.set(etherWei);
        tokens.set(tokenWei);
    }

    private static double units(AtomicReference<BigInteger> wei) {
        BigInteger value = wei.get();
        if (value == null) return Double.NaN;
        return new BigDecimal(value)
                .divide(new BigDecimal(TokenAmounts.WEI_PER_TOKEN))
                .doubleValue();
    }
}
