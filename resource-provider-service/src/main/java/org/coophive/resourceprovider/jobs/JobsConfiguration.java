package org.coophive.resourceprovider.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import org.coophive.executor.Executor;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.resourceprovider.config.OfferProperties;
import org.coophive.resourceprovider.config.ProviderProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean(destroyMethod = "close")
    JobRunner jobRunner(
            Executor executor,
            ProviderProperties provider,
            OfferProperties offer,
            ExecutorSettings settings,
            MeterRegistry meters) {
        return new JobRunner(
                executor,
                new ModuleLoader(provider.dataDir().resolve("modules")),
                provider.dataDir(),
                offer.count(),
                provider.testModeWrongResults(),
                settings.limits(),
                offer.network(),
                meters);
    }
}
