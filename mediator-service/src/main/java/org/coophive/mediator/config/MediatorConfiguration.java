package org.coophive.mediator.config;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import org.coophive.common.chain.ChainClientOptions;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SolverLocator;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.executor.Executor;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.coophive.executor.module.ModuleLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the mediator talks to: the chain as itself ({@code WEB3_*}), the solver
 * ({@code SERVICE_SOLVER}, its URL from the Users contract unless {@code SERVICE_SOLVER_URL} says),
 * and the executor that re-runs jobs. The features depend on the interfaces only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediatorProperties.class)
class MediatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediatorConfiguration.class);

    /** The four {@code WEB3_*} variables, from the environment or (in tests) properties. */
    @Bean
    Web3Properties web3Properties(Environment environment) {
        return SpringSettings.web3(environment);
    }

    /** {@code SERVICE_SOLVER} (required); a mediator needs no list of mediators. */
    @Bean
    ServiceParties serviceParties(Environment environment) {
        return ServiceParties.fromEnvironment(SpringSettings.variables(environment), false);
    }

    /**
     * One chain client for the mediator's key. The transaction listener (the mediation journal)
     * writes each judgement's hash down before the node gets it.
     */
    @Bean(destroyMethod = "close")
    Web3ChainClient chainClient(Web3Properties properties, ObjectProvider<TransactionListener> listener) {
        ChainClientOptions options = ChainClientOptions.defaults()
                .withTransactionListener(listener.getIfAvailable(() -> TransactionListener.NONE));
        return Web3ChainClient.connect(properties, options);
    }

    @Bean
    ChainEvents chainEvents(Web3ChainClient client) {
        return client.events();
    }

    /** The solver's base URL. */
    @Bean
    SolverUrl solverUrl(Web3ChainClient chain, ServiceParties parties, Environment environment) {
        URI url = SolverLocator.locate(chain, parties, SpringSettings.variables(environment));
        log.info("solver {} at {}", parties.solver(), url);
        return new SolverUrl(url);
    }

    @Bean
    SolverClient solverClient(SolverUrl solverUrl, Web3Properties properties) {
        return new HttpSolverClient(solverUrl.url(), new RequestSigner(properties.credentials()));
    }

    @Bean
    ModuleLoader moduleLoader(MediatorProperties properties) {
        return new ModuleLoader(properties.dataPath().resolve("modules"));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "coophive.mediator.executor", havingValue = "docker", matchIfMissing = true)
    DockerClient dockerClient() {
        return DockerExecutor.localEngine();
    }

    @Bean
    Executor executor(MediatorProperties properties, ObjectProvider<DockerClient> docker) {
        return switch (properties.executorKind()) {
            case DOCKER -> new DockerExecutor(
                    docker.getObject(), properties.pullImages() ? ImagePolicy.IF_NOT_PRESENT : ImagePolicy.NEVER);
            case BACALHAU -> new BacalhauExecutor(properties.bacalhauApi());
        };
    }
}
