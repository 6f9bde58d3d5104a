package org.coophive.saas.config;

import org.coophive.common.database.EmbeddedDatabaseConfiguration;
import org.coophive.common.database.EmbeddedDatabaseConfiguration.Location;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** With no {@code SAAS_DATABASE_URL}, saas-api runs its own PostgreSQL in its data folder. */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedDatabaseConfiguration.class)
class DatabaseConfiguration {

    @Bean
    Location embeddedDatabaseLocation(SaasProperties properties) {
        return new Location(properties.embeddedDatabaseDir(), "saas-api");
    }
}
