package org.coophive.resourceprovider.config;

import java.util.Map;
import java.util.function.Supplier;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.config.TimeoutOptions;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.PricingMode;
import org.coophive.executor.ExecutorSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The configuration that makes the provider's settings beans: one validated record per group,
 * read from the seed's variables (or the flags {@link CommandLineFlags} rewrites into them) through
 * common's {@link SpringSettings}; the provider's own records are bound by Boot's binder from the
 * placeholders in {@code application.properties} ({@link ProviderBinding}), as every service binds
 * its records. A wrong value stops startup with one message naming the variable.
 */
@Configuration(proxyBeanMethods = false)
class ProviderSettingsConfiguration {

    /** The {@code nvidia-smi} to ask for GPUs ({@code NVIDIA_SMI}, default from the PATH). */
    static final String NVIDIA_SMI = "NVIDIA_SMI";

    @Bean
    Web3Properties web3Properties(Environment environment) {
        return valid(() -> Web3Properties.fromEnvironment(SpringSettings.variables(environment)));
    }

    @Bean
    ServiceParties serviceParties(Environment environment) {
        return valid(() -> ServiceParties.fromEnvironment(SpringSettings.variables(environment), true));
    }

    @Bean
    PricingOptions pricingOptions(Environment environment) {
        PricingOptions pricing = valid(
                () -> PricingOptions.fromEnvironment(SpringSettings.variables(environment), PricingMode.FIXED_PRICE));
        if (pricing.mode() != PricingMode.FIXED_PRICE) {
            throw new InvalidConfigurationException(PricingOptions.MODE
                    + " must be FixedPrice for a resource provider (the solver does not match market-priced offers)");
        }
        return pricing;
    }

    @Bean
    DealTimeouts dealTimeouts(Environment environment) {
        return valid(() -> TimeoutOptions.fromEnvironment(SpringSettings.variables(environment)));
    }

    @Bean
    OfferProperties offerProperties(Environment environment) {
        Map<String, String> env = SpringSettings.variables(environment);
        OfferProperties offer = valid(() -> OfferProperties.fromEnvironment(env));
        if (offer.gpus() > 0) {
            String nvidiaSmi = env.get(NVIDIA_SMI);
            GpuDetector.check(
                    offer,
                    new GpuDetector(nvidiaSmi == null || nvidiaSmi.isBlank() ? "nvidia-smi" : nvidiaSmi.strip())
                            .count());
        }
        return offer;
    }

    @Bean
    ExecutorSettings executorSettings(Environment environment) {
        return ProviderBinding.executor(SpringSettings.variables(environment));
    }

    @Bean
    ProviderProperties providerProperties(Environment environment) {
        return valid(() -> ProviderProperties.fromEnvironment(SpringSettings.variables(environment)));
    }

    @Bean
    CheckedConfiguration checkedConfiguration(
            Web3Properties web3,
            ServiceParties parties,
            PricingOptions pricing,
            DealTimeouts timeouts,
            OfferProperties offer,
            ExecutorSettings executor,
            ProviderProperties provider) {
        return new CheckedConfiguration(web3, parties, pricing, timeouts, offer, executor, provider);
    }

    /** Common's records say what is wrong in an IllegalArgumentException that names the variable. */
    private static <T> T valid(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }
}
