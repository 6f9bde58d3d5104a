package org.coophive.resourceprovider.health;

import com.github.dockerjava.api.DockerClient;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.resourceprovider.config.ExecutorProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the provider needs ({@code /actuator/health}): {@code chain}, {@code solver} and,
 * with the Docker executor, {@code docker}. Each answers within {@link TimedHealthIndicator#DEADLINE}
 * (the chain and solver clients retry for minutes; a health check must not), as the mediator's do.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator chainHealthIndicator(ChainClient chain) {
        return TimedHealthIndicator.chain(chain);
    }

    /** Up when the solver answers; shows how many of this provider's offers it holds active. */
    @Bean
    HealthIndicator solverHealthIndicator(SolverClient solver, SolverEndpoint solverEndpoint, ChainClient chain) {
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            int active = solver.resourceOffers(ResourceOfferQuery.byResourceProvider(chain.address())
                            .activeOnly())
                    .size();
            return Health.up()
                    .withDetail("url", solverEndpoint.url().toString())
                    .withDetail("activeOffers", active);
        });
    }

    /** Up when the Docker engine answers a ping; shows its version. */
    @Bean
    @ConditionalOnProperty(name = ExecutorProperties.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    HealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            docker.pingCmd().exec();
            return Health.up().withDetail("version", docker.versionCmd().exec().getVersion());
        });
    }
}
