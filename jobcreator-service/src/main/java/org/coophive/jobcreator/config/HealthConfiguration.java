package org.coophive.jobcreator.config;

import org.coophive.common.chain.ChainClient;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the daemon needs ({@code /actuator/health}): {@code chain} and {@code solver}, each
 * answering within {@link TimedHealthIndicator#DEADLINE}, as the provider's and mediator's do.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator chainHealthIndicator(ChainClient chain) {
        return TimedHealthIndicator.chain(chain);
    }

    /** Up when the solver answers; shows how many of this job creator's offers wait for a match. */
    @Bean
    HealthIndicator solverHealthIndicator(SolverClient solver, SolverEndpoint endpoint, ChainClient chain) {
        return new TimedHealthIndicator(TimedHealthIndicator.DEADLINE, () -> {
            int waiting = solver.jobOffers(
                            JobOfferQuery.byJobCreator(chain.address()).notMatchedOnly())
                    .size();
            return Health.up().withDetail("url", endpoint.url().toString()).withDetail("openOffers", waiting);
        });
    }
}
