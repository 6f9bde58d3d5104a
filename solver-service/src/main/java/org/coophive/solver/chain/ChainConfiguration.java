package org.coophive.solver.chain;

import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.reconcile.ChainWiring;
import org.coophive.common.reconcile.ServiceRegistration;
import org.coophive.contracts.ServiceType;
import org.coophive.solver.config.SolverProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The solver's chain access: one client for its key ({@code WEB3_*}, see common), and event
 * streams over the same connection, and its entry in the Users contract.
 */
@Configuration(proxyBeanMethods = false)
@Import(ChainWiring.class)
class ChainConfiguration {

    /** The four {@code WEB3_*} variables, read from the environment or (in tests) properties. */
    @Bean
    Web3Properties web3Properties(Environment environment) {
        return SpringSettings.web3(environment);
    }

    /**
     * Registers the solver at start (reference §2.8), so parties find its URL ({@code SERVER_URL})
     * from its address; before the chain tracker and the web server.
     */
    @Bean
    ServiceRegistration solverRegistration(ChainClient chain, SolverProperties properties) {
        return new ServiceRegistration(chain, ServiceType.SOLVER, properties.url());
    }
}
