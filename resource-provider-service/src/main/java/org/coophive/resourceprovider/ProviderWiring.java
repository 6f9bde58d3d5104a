package org.coophive.resourceprovider;

import com.github.dockerjava.api.DockerClient;
import org.coophive.common.reconcile.ChainSolverWiring;
import org.coophive.executor.Executor;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.resourceprovider.config.CheckedConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The provider's connections to the outside: the chain (its key, with the deal journal hearing
 * every transaction hash before it is sent) and the solver through common's
 * {@link ChainSolverWiring}, and the container engine or Bacalhau.
 */
@Configuration(proxyBeanMethods = false)
@Import(ChainSolverWiring.class)
class ProviderWiring {

    private static final Logger log = LoggerFactory.getLogger(ProviderWiring.class);

    /**
     * Logs the whole configuration once it is valid. Common's chain client is made after it (see
     * below), so a wrong value stops the start before the first connection.
     */
    @Bean
    ConfigurationChecked configurationChecked(CheckedConfiguration config) {
        log.info(
                "resource provider configuration: {} slot(s) of {}, solver {}, mediators {}, executor {}, data in {}",
                config.offer().count(),
                config.offer().spec().withPrivileges(config.executor().granted()),
                config.parties().solver(),
                config.parties().mediators(),
                config.executor().kind(),
                config.provider().dataDir());
        return new ConfigurationChecked();
    }

    /** Makes common's {@code chainClient} wait for {@link #configurationChecked}. */
    @Bean
    static BeanFactoryPostProcessor connectOnceConfigured() {
        return beanFactory -> beanFactory.getBeanDefinition("chainClient").setDependsOn("configurationChecked");
    }

    /** That the configuration was checked and logged. */
    record ConfigurationChecked() {}

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ExecutorSettings.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    DockerClient dockerClient() {
        return DockerExecutor.localEngine();
    }

    @Bean
    Executor executor(ExecutorSettings settings, ObjectProvider<DockerClient> docker) {
        return settings.executor(docker::getObject);
    }
}
