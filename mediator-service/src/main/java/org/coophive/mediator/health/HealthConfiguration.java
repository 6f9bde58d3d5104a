package org.coophive.mediator.health;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.chain.ChainAccount;
import org.coophive.common.health.DependencyHealthAutoConfiguration.SolverDetails;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.solver.DealQuery;
import org.coophive.executor.ExecutorSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the mediator needs ({@code /actuator/health}): the chain node and the solver
 * (common's {@code DependencyHealthAutoConfiguration}) and, with the Docker executor, the Docker
 * engine. Each answers within two seconds.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    private static final Duration DEADLINE = TimedHealthIndicator.DEADLINE;

    /** The solver check shows how many deals name this mediator. */
    @Bean
    SolverDetails solverDetails(ChainAccount chain) {
        return solver -> Map.of(
                "deals", solver.deals(DealQuery.byMediator(chain.address())).size());
    }

    @Bean
    // The same condition as the DockerClient bean (@ConditionalOnBean is unreliable outside auto-configuration).
    @ConditionalOnProperty(name = ExecutorSettings.PREFIX + ".kind", havingValue = "docker", matchIfMissing = true)
    HealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new TimedHealthIndicator(DEADLINE, () -> {
            docker.pingCmd().exec();
            return Health.up();
        });
    }
}
