package org.coophive.common.health;

import java.util.Map;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.SolverClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health checks of the dependencies every service shares, each answering within {@link
 * TimedHealthIndicator#DEADLINE}: {@code chain} in every service with a chain client, and {@code
 * solver} in every party service (one with a {@link SolverClient} and a {@link SolverEndpoint}).
 * A service adds what is its own (Docker, its database, the faucet's funds) and, through a {@link
 * SolverDetails} bean, what the solver check shows of it.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
public class DependencyHealthAutoConfiguration {

    /** What a party's {@code solver} check shows besides the URL, read from the solver. */
    @FunctionalInterface
    public interface SolverDetails {
        /** e.g. {@code openOffers}: how many of this job creator's offers wait for a match. */
        Map<String, Object> read(SolverClient solver);
    }

    @Bean
    @ConditionalOnBean(ChainHead.class)
    @ConditionalOnMissingBean(name = "chainHealthIndicator")
    HealthIndicator chainHealthIndicator(ChainHead chain) {
        return TimedHealthIndicator.chain(chain);
    }

    /** Up when the solver answers, with its URL and the service's {@link SolverDetails}. */
    @Bean
    @ConditionalOnBean({SolverClient.class, SolverEndpoint.class})
    @ConditionalOnMissingBean(name = "solverHealthIndicator")
    HealthIndicator solverHealthIndicator(
            SolverClient solver, SolverEndpoint endpoint, ObjectProvider<SolverDetails> details) {
        SolverDetails read = details.getIfAvailable(() -> client -> Map.of());
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            Health.Builder up = Health.up().withDetail("url", endpoint.url().toString());
            read.read(solver).forEach(up::withDetail);
            return up;
        });
    }
}
