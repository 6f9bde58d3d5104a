package org.coophive.solver.store;

import org.coophive.common.database.EmbeddedDatabaseConfiguration.Location;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The zero-setup default: with no {@code SOLVER_DATABASE_URL}, the solver runs its own PostgreSQL
 * in its data folder (common's {@link org.coophive.common.database.EmbeddedDatabaseConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(org.coophive.common.database.EmbeddedDatabaseConfiguration.class)
class EmbeddedDatabaseConfiguration {

    @Bean
    Location embeddedDatabaseLocation(StoreProperties properties) {
        return new Location(properties.embeddedDatabaseDir(), "solver");
    }
}
