package org.coophive.resourceprovider;

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
import org.coophive.resourceprovider.config.CheckedConfiguration;
import org.coophive.resourceprovider.config.ExecutorProperties;
import org.coophive.resourceprovider.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The provider's connections to the outside: the chain (its key, with the deal journal hearing
 * every transaction hash before it is sent), the solver, and the container engine or Bacalhau.
 */
@Configuration(proxyBeanMethods = false)
class ProviderWiring {

    private static final Logger log = LoggerFactory.getLogger(ProviderWiring.class);

    /** Connects only once the whole configuration is valid. */
    @Bean(destroyMethod = "close")
    Web3ChainClient chainClient(CheckedConfiguration config, TransactionListener journal) {
        log.info(
                "resource provider configuration: {} slot(s) of {}, solver {}, mediators {}, executor {}, data in {}",
                config.offer().count(),
                config.offer().spec(),
                config.parties().solver(),
                config.parties().mediators(),
                config.executor().kind(),
                config.provider().dataDir());
        return Web3ChainClient.connect(
                config.web3(), ChainClientOptions.defaults().withTransactionListener(journal));
    }

    @Bean
    ChainEvents chainEvents(Web3ChainClient chain) {
        return chain.events();
    }

    @Bean
    URI solverUrl(Web3ChainClient chain, ServiceParties parties, Environment environment) {
        try {
            return SolverLocator.locate(chain, parties, SpringSettings.variables(environment));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }

    @Bean
    SolverClient solverClient(URI solverUrl, Web3Properties web3) {
        return new HttpSolverClient(solverUrl, new RequestSigner(web3.credentials()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ExecutorProperties.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    DockerClient dockerClient() {
        return DockerExecutor.localEngine();
    }

    @Bean
    Executor executor(ExecutorProperties settings, ObjectProvider<DockerClient> docker) {
        return switch (settings.kind()) {
            case DOCKER -> new DockerExecutor(docker.getObject(), settings.imagePolicy(), settings.limits());
            case BACALHAU -> new BacalhauExecutor(settings.bacalhauApi());
        };
    }
}
