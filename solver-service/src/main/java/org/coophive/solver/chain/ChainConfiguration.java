package org.coophive.solver.chain;

import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.SpringSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The solver's chain access: one client for its key ({@code WEB3_*}, see common), and event
 * streams over the same connection.
 */
@Configuration(proxyBeanMethods = false)
class ChainConfiguration {

    /** The four {@code WEB3_*} variables, read from the environment or (in tests) properties. */
    @Bean
    Web3Properties web3Properties(Environment environment) {
        return SpringSettings.web3(environment);
    }

    @Bean(destroyMethod = "close")
    Web3ChainClient chainClient(Web3Properties properties) {
        return Web3ChainClient.connect(properties);
    }

    @Bean
    ChainEvents chainEvents(Web3ChainClient client) {
        return client.events();
    }
}
