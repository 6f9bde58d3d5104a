package org.coophive.mediator.registration;

import org.coophive.common.chain.ChainClient;
import org.coophive.common.reconcile.ServiceRegistration;
import org.coophive.contracts.ServiceType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lists this account as a mediator in the Users contract at start (common's
 * {@link ServiceRegistration}), keeping whatever else its entry says; job creators and providers
 * find mediators there.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfiguration {

    @Bean
    ServiceRegistration mediatorRegistration(ChainClient chain) {
        return new ServiceRegistration(chain, ServiceType.MEDIATOR);
    }
}
