package org.coophive.common.health;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.coophive.common.chain.ChainHead;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health check that answers within a deadline: the chain and solver clients retry for minutes
 * when their peer is down, and a health endpoint must not hang that long. A check that throws is
 * DOWN with the exception's message; one that does not answer in time is DOWN with "no answer
 * within N ms" (and is interrupted).
 *
 * <pre>{@code
 * new TimedHealthIndicator(Duration.ofSeconds(2), () -> Health.up().withDetail("block", chain.blockNumber()))
 * }</pre>
 */
public final class TimedHealthIndicator implements HealthIndicator {

    /** Checks run on their own daemon threads, so a hanging one never holds a shared pool. */
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "health-check");
        thread.setDaemon(true);
        return thread;
    });

    /** What the indicator checks: returns the health (UP, or DOWN with details), or throws when unusable. */
    @FunctionalInterface
    public interface Check {
        Health.Builder check() throws Exception;
    }

    private final Duration deadline;
    private final Check check;

    public TimedHealthIndicator(Duration deadline, Check check) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.check = Objects.requireNonNull(check, "check");
    }

    /** The deadline every service gives a check of what it depends on. */
    public static final Duration DEADLINE = Duration.ofSeconds(2);

    /**
     * The chain health every party shows ({@code chain}): up when the node answers within the
     * deadline, with the latest block and the party's address.
     */
    public static TimedHealthIndicator chain(ChainHead chain) {
        return new TimedHealthIndicator(
                DEADLINE,
                () -> Health.up().withDetail("block", chain.blockNumber()).withDetail("address", chain.address()));
    }

    /**
     * The database health a service with one shows ({@code db}, replacing Boot's check, which has
     * no deadline): up when a connection is handed out and answers as valid within the deadline,
     * with the database's product and version.
     */
    public static TimedHealthIndicator database(DataSource dataSource) {
        return new TimedHealthIndicator(DEADLINE, () -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid((int) Math.max(1, DEADLINE.toSeconds()))) {
                    return Health.down().withDetail("error", "the connection is not valid");
                }
                DatabaseMetaData meta = connection.getMetaData();
                return Health.up().withDetail("database", meta.getDatabaseProductName());
            }
        });
    }

    @Override
    public Health health() {
        Future<Health.Builder> future = CHECKS.submit(() -> {
            try {
                return check.check();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS).build();
        } catch (TimeoutException e) {
            future.cancel(true);
            return Health.down()
                    .withDetail("error", "no answer within " + deadline.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException) && cause.getCause() != null) cause = cause.getCause();
            return Health.down()
                    .withDetail("error", String.valueOf(cause == null ? e.getMessage() : cause.getMessage()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
