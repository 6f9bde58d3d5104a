package org.coophive.resourceprovider.offers;

import java.time.Clock;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.solver.SolverClient;
import org.coophive.executor.ExecutorSettings;
import org.coophive.resourceprovider.config.OfferProperties;
import org.coophive.resourceprovider.config.ProviderProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OffersConfiguration {

    @Bean
    ResourceOffers resourceOffers(
            SolverClient solver,
            ChainClient chain,
            OfferProperties offer,
            ServiceParties parties,
            PricingOptions pricing,
            DealTimeouts timeouts,
            ProviderProperties provider,
            ExecutorSettings executor) {
        return new ResourceOffers(
                solver,
                chain.address(),
                offer,
                parties,
                pricing,
                timeouts,
                provider.dataDir(),
                Clock.systemUTC(),
                executor.granted());
    }
}
