package org.coophive.solver.config;

import javax.sql.DataSource;
import org.coophive.common.health.TimedHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the solver needs ({@code /actuator/health}): {@code chain}, the node answers (common's
 * {@link org.coophive.common.health.DependencyHealthAutoConfiguration}), and
 * {@code db}, its database answers; each within {@link TimedHealthIndicator#DEADLINE}, as the other
 * services' checks. The {@code db} bean replaces Boot's own database check, which has no deadline.
 */
@Configuration(proxyBeanMethods = false)
class SolverHealthConfiguration {

    @Bean
    HealthIndicator dbHealthIndicator(DataSource dataSource) {
        return TimedHealthIndicator.database(dataSource);
    }
}
