package org.coophive.saas.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.coophive.common.database.EmbeddedDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** With no {@code SAAS_DATABASE_URL}, saas-api runs its own PostgreSQL in its data folder. */
@Configuration(proxyBeanMethods = false)
@Conditional(DatabaseConfiguration.NoDatabaseUrl.class)
class DatabaseConfiguration {

    // Closed by Spring after the web server has drained its requests.
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SaasProperties properties) throws IOException {
        return EmbeddedDatabase.start(properties.embeddedDatabaseDir(), "saas-api");
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedDatabase.jdbcUrl(postgres));
        dataSource.setPoolName("saas-embedded");
        return dataSource;
    }

    static final class NoDatabaseUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
