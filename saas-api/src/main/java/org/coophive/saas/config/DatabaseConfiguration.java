package org.coophive.saas.config;

import javax.sql.DataSource;
import org.coophive.common.database.EmbeddedDatabaseConfiguration;
import org.coophive.common.database.EmbeddedDatabaseConfiguration.Location;
import org.coophive.common.health.TimedHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * With no {@code SAAS_DATABASE_URL}, saas-api runs its own PostgreSQL in its data folder. Its
 * health ({@code db}) answers within {@link TimedHealthIndicator#DEADLINE}, replacing Boot's check,
 * which has no deadline.
 */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedDatabaseConfiguration.class)
class DatabaseConfiguration {

    @Bean
    Location embeddedDatabaseLocation(SaasProperties properties) {
        return new Location(properties.embeddedDatabaseDir(), "saas-api");
    }

    @Bean
    HealthIndicator dbHealthIndicator(DataSource dataSource) {
        return TimedHealthIndicator.database(dataSource);
    }
}
