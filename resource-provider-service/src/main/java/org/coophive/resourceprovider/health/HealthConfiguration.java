package org.coophive.resourceprovider.health;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import org.coophive.common.chain.ChainAccount;
import org.coophive.common.health.DependencyHealthAutoConfiguration.SolverDetails;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.executor.ExecutorSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the provider needs ({@code /actuator/health}): {@code chain} and {@code solver}
 * (common's {@code DependencyHealthAutoConfiguration}) and, with the Docker executor, {@code docker}. Each answers within {@link TimedHealthIndicator#DEADLINE}
 * (the chain and solver clients retry for minutes; a health check must not), as the mediator's do.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** The solver check shows how many of this provider's offers the solver holds active. */
    @Bean
    SolverDetails solverDetails(ChainAccount chain) {
        return solver -> Map.of(
                "activeOffers",
                solver.resourceOffers(ResourceOfferQuery.byResourceProvider(chain.address())
                                .activeOnly())
                        .size());
    }

    /** Up when the Docker engine answers a ping; shows its version. */
    @Bean
    @ConditionalOnProperty(name = ExecutorSettings.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    HealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            docker.pingCmd().exec();
            return Health.up().withDetail("version", docker.versionCmd().exec().getVersion());
        });
    }
}
