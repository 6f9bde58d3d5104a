package org.coophive.common.reconcile;

import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SolverLocator;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * A party service's connections, one {@code @Configuration} the provider, mediator and job creator
 * import ({@code @Import(ChainSolverWiring.class)}): the chain ({@link ChainWiring}: one client for
 * the service's key, its event streams), the solver's URL and a client that signs every request
 * with the same key.
 *
 * <p>The service supplies the settings: a {@link Web3Properties} and a {@link ServiceParties} bean,
 * and, if it journals its steps, one {@link TransactionListener} bean (a {@link StepJournal}) that
 * hears each transaction's hash before the node gets it. The solver's URL is the one it registered
 * in the Users contract under {@code SERVICE_SOLVER}, unless {@code SERVICE_SOLVER_URL} names one.
 */
@Configuration(proxyBeanMethods = false)
@Import(ChainWiring.class)
public class ChainSolverWiring {

    private static final Logger log = LoggerFactory.getLogger(ChainSolverWiring.class);

    /**
     * @throws SolverNotLocatedException when the solver has not registered a URL or {@code
     *     SERVICE_SOLVER_URL} is not an http(s) URL, saying which (the start stops with one line)
     */
    @Bean
    SolverEndpoint solverEndpoint(Web3ChainClient chain, ServiceParties parties, Environment environment) {
        SolverEndpoint endpoint;
        try {
            endpoint = new SolverEndpoint(SolverLocator.locate(chain, parties, SpringSettings.variables(environment)));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new SolverNotLocatedException(e.getMessage(), e);
        }
        log.info("solver {} at {}", parties.solver(), endpoint.url());
        return endpoint;
    }

    @Bean
    SolverClient solverClient(SolverEndpoint endpoint, Web3Properties web3) {
        return new HttpSolverClient(endpoint.url(), new RequestSigner(web3.credentials()));
    }
}
