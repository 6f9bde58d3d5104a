package org.coophive.solver.store;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The zero-setup default: with no database URL configured, the solver runs its own PostgreSQL
 * in its data folder, on a free port chosen at start. The data directory is kept, so a restart
 * finds everything the previous run stored.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(StoreProperties properties) throws IOException {
        Path dir = properties.embeddedDatabaseDir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        stopOrphanedServer(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // Spring closes it (destroyMethod) after the web server has drained its requests;
                // the library's own JVM hook would stop it concurrently, failing those requests.
                .setRegisterShutdownHook(false)
                .start();
        log.info("Started embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setPoolName("solver-embedded");
        return dataSource;
    }

    /**
     * A solver killed with SIGKILL leaves its PostgreSQL running (it is a child process that
     * outlives the JVM) and holding the data folder, so the next start would fail. Stops that
     * server first. SIGTERM is PostgreSQL's smart shutdown: it waits for open sessions (the dead
     * solver's are gone) and keeps every committed transaction.
     * A lock file whose process is gone is left to PostgreSQL, which ignores it.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(lockFile)) return;
        List<String> lines = Files.readAllLines(lockFile);
        if (lines.isEmpty()) return;
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return; // Not a lock file PostgreSQL wrote; it will report the problem itself.
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean isPostgres = process.flatMap(p -> p.info().command())
                .map(command -> command.endsWith("postgres"))
                .orElse(false);
        if (process.isEmpty() || !isPostgres) return;
        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a solver that did not shut down", pid);
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException(
                    "the embedded PostgreSQL left running (pid " + pid
                            + ") did not stop within 60 s; stop it and restart the solver",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while stopping the embedded PostgreSQL left running (pid " + pid + ")", e);
        } catch (ExecutionException e) {
            throw new IOException("could not wait for the embedded PostgreSQL (pid " + pid + ") to stop", e);
        }
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
