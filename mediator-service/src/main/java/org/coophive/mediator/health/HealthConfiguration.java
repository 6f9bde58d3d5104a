package org.coophive.mediator.health;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.SolverClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the mediator needs ({@code /actuator/health}): the chain node, the solver and,
 * with the Docker executor, the Docker engine. Each answers within two seconds.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    private static final Duration DEADLINE = TimedHealthIndicator.DEADLINE;

    @Bean
    HealthIndicator chainHealthIndicator(ChainClient chain) {
        return TimedHealthIndicator.chain(chain);
    }

    @Bean
    HealthIndicator solverHealthIndicator(SolverClient solver, SolverEndpoint url, ChainClient chain) {
        return new TimedHealthIndicator(DEADLINE, () -> {
            int deals = solver.deals(DealQuery.byMediator(chain.address())).size();
            return Health.up().withDetail("url", url.url().toString()).withDetail("deals", deals);
        });
    }

    @Bean
    // The same condition as the DockerClient bean (@ConditionalOnBean is unreliable outside auto-configuration).
    @ConditionalOnProperty(name = "coophive.mediator.executor", havingValue = "docker", matchIfMissing = true)
    HealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new TimedHealthIndicator(DEADLINE, () -> {
            docker.pingCmd().exec();
            return Health.up();
        });
    }
}
