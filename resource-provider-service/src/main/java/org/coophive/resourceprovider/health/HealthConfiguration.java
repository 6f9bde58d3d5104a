package org.coophive.resourceprovider.health;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.resourceprovider.config.ExecutorProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health indicators {@code chain}, {@code solver} and (with the Docker executor) {@code docker}. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    ChainHealthIndicator chainHealthIndicator(ChainClient chain) {
        return new ChainHealthIndicator(chain);
    }

    @Bean
    SolverHealthIndicator solverHealthIndicator(SolverClient solver, URI solverUrl, ChainClient chain) {
        return new SolverHealthIndicator(solver, solverUrl, chain.address());
    }

    @Bean
    @ConditionalOnProperty(name = ExecutorProperties.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    DockerHealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new DockerHealthIndicator(docker);
    }
}
