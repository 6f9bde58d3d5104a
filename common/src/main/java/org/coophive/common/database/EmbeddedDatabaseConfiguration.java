package org.coophive.common.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The zero-setup default of a service with a database (the solver, saas-api), imported by it: with
 * no {@code spring.datasource.url} (each service maps its own variable, e.g. {@code
 * SOLVER_DATABASE_URL}, onto it), the service runs its own PostgreSQL in its data folder ({@link
 * EmbeddedDatabase}). The service supplies a {@link Location} bean.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
public class EmbeddedDatabaseConfiguration {

    /**
     * Where a service keeps its embedded database, and its name in the log lines and the pool's.
     *
     * @param dataDir the database's folder, made on first start
     * @param service e.g. {@code solver}
     */
    public record Location(Path dataDir, String service) {
        public Location {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(service, "service");
        }
    }

    // Spring closes it (destroyMethod) after the web server has drained its requests.
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(Location location) throws IOException {
        return EmbeddedDatabase.start(location.dataDir(), location.service());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres, Location location) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedDatabase.jdbcUrl(postgres));
        dataSource.setPoolName(location.service() + "-embedded");
        return dataSource;
    }

    /** Matches when no {@code spring.datasource.url} is set. */
    static final class NoDatabaseUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
