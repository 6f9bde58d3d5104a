package org.coophive.faucet.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.reconcile.ChainWiring;
import org.coophive.faucet.drips.DripLedger;
import org.coophive.faucet.drips.DripLimits;
import org.coophive.faucet.drips.Faucet;
import org.coophive.faucet.drips.FaucetMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What the faucet talks to: the chain as the faucet's account ({@code WEB3_*}: the key is the
 * {@code FAUCET} account's), the token of the deployment found from {@code WEB3_CONTROLLER_ADDRESS},
 * and the journal of drips in {@code DATA_DIR}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FaucetProperties.class)
@Import(ChainWiring.class)
class FaucetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FaucetConfiguration.class);

    /** The four {@code WEB3_*} variables, from the environment or (in tests) properties. */
    @Bean
    Web3Properties web3Properties(Environment environment) {
        return SpringSettings.web3(environment);
    }

    @Bean
    DripLedger dripLedger(FaucetProperties properties) {
        DripLimits limits = new DripLimits(properties.window(), properties.perClient(), properties.dailyCap());
        return new DripLedger(properties.dataPath().resolve("drips"), limits, Clock.systemUTC());
    }

    @Bean
    FaucetMetrics faucetMetrics(MeterRegistry registry) {
        return new FaucetMetrics(registry);
    }

    @Bean
    Faucet faucet(
            Web3ChainClient chain,
            Web3Properties web3,
            FaucetProperties properties,
            DripLedger ledger,
            FaucetMetrics metrics) {
        log.info(
                "faucet {} on chain {}: {} ether and {} tokens (token {}) per drip; {}",
                chain.address(),
                web3.chainId(),
                properties.ether(),
                properties.tokens(),
                chain.addresses().token(),
                ledger.limits());
        return new Faucet(
                chain,
                web3.chainId(),
                ledger,
                metrics,
                properties.etherWei(),
                properties.tokenWei(),
                properties.gasReserveWei());
    }
}
