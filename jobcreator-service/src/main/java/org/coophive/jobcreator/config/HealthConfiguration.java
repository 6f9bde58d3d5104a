package org.coophive.jobcreator.config;

import java.util.Map;
import org.coophive.common.chain.ChainAccount;
import org.coophive.common.health.DependencyHealthAutoConfiguration.SolverDetails;
import org.coophive.common.solver.JobOfferQuery;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the daemon needs ({@code /actuator/health}): {@code chain} and {@code solver}, each
 * answering within a deadline (common's {@code DependencyHealthAutoConfiguration}, as in every party
 * service); the solver check shows how many of this job creator's offers wait for a match.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    SolverDetails solverDetails(ChainAccount chain) {
        return solver -> Map.of(
                "openOffers",
                solver.jobOffers(JobOfferQuery.byJobCreator(chain.address()).notMatchedOnly())
                        .size());
    }
}
