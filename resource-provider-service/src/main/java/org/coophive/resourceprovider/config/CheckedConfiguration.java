package org.coophive.resourceprovider.config;

import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.model.DealTimeouts;
import org.coophive.executor.ExecutorSettings;

/**
 * Every configuration group, validated: what the provider needs before it connects to anything, so
 * a wrong value (such as more GPUs than the machine has) stops it before the first connection.
 * {@link #toString()} is safe to log ({@link Web3Properties} redacts the key).
 */
public record CheckedConfiguration(
        Web3Properties web3,
        ServiceParties parties,
        PricingOptions pricing,
        DealTimeouts timeouts,
        OfferProperties offer,
        ExecutorSettings executor,
        ProviderProperties provider) {}
