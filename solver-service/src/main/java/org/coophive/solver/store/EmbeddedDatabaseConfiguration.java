package org.coophive.solver.store;

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

/**
 * The zero-setup default: with no database URL configured, the solver runs its own PostgreSQL
 * in its data folder ({@link EmbeddedDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
class EmbeddedDatabaseConfiguration {

    // Spring closes it (destroyMethod) after the web server has drained its requests.
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(StoreProperties properties) throws IOException {
        return EmbeddedDatabase.start(properties.embeddedDatabaseDir(), "solver");
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedDatabase.jdbcUrl(postgres));
        dataSource.setPoolName("solver-embedded");
        return dataSource;
    }

    /** Matches when neither {@code coophive.solver.database-url} nor {@code spring.datasource.url} is set. */
    static final class NoDatabaseUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            return !StringUtils.hasText(environment.getProperty("coophive.solver.database-url"))
                    && !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
        }
    }
}
