package org.coophive.mediator.config;

import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.List;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.reconcile.ChainSolverWiring;
import org.coophive.executor.Executor;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.module.ModuleLoader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What the mediator talks to: the chain as itself ({@code WEB3_*}) and the solver
 * ({@code SERVICE_SOLVER}, its URL from the Users contract unless {@code SERVICE_SOLVER_URL} says),
 * through common's {@link ChainSolverWiring} (the mediation journal hears each judgement's hash
 * before the node gets it), and the executor that re-runs jobs. The features depend on the
 * interfaces only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediatorProperties.class)
@Import(ChainSolverWiring.class)
class MediatorConfiguration {

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

    @Bean
    ModuleLoader moduleLoader(MediatorProperties properties) {
        return new ModuleLoader(properties.dataPath().resolve("modules"));
    }

    /**
     * The executor's settings, bound from the provider's names ({@code EXECUTOR}, {@code
     * DOCKER_PULL}, {@code JOB_OUTPUTS_LIMIT}, ...; the old {@code EXECUTOR_PULL_IMAGES} and {@code
     * BACALHAU_API_URL} with a warning).
     */
    @Bean
    ExecutorSettings executorSettings(Environment environment) {
        return ExecutorSettings.bind(SpringSettings.variables(environment), "application.properties");
    }

    /** A wrong executor setting stops the start before the first connection to the chain. */
    @Bean
    static BeanFactoryPostProcessor executorSettingsBeforeTheChain() {
        return beanFactory -> {
            BeanDefinition chain = beanFactory.getBeanDefinition("chainClient");
            List<String> dependsOn = new ArrayList<>();
            if (chain.getDependsOn() != null) dependsOn.addAll(List.of(chain.getDependsOn()));
            dependsOn.add("executorSettings");
            chain.setDependsOn(dependsOn.toArray(String[]::new));
        };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ExecutorSettings.PREFIX + ".kind", havingValue = "docker", matchIfMissing = true)
    DockerClient dockerClient() {
        return DockerExecutor.localEngine();
    }

    @Bean
    Executor executor(ExecutorSettings settings, ObjectProvider<DockerClient> docker) {
        return settings.executor(docker::getObject);
    }
}
