package org.coophive.mediator.registration;

import org.coophive.common.chain.ChainClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the mediator on chain once the application has started. */
@Configuration(proxyBeanMethods = false)
class RegistrationConfiguration {

    @Bean
    ApplicationRunner mediatorRegistration(ChainClient chain) {
        MediatorRegistration registration = new MediatorRegistration(chain);
        return arguments -> registration.register();
    }
}
