package org.coophive.mediator.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health check that answers within a deadline: the chain and solver clients retry for minutes
 * when their peer is down, and a health endpoint must not hang that long.
 */
abstract class TimedHealthIndicator implements HealthIndicator {

    private final Duration deadline;

    TimedHealthIndicator(Duration deadline) {
        this.deadline = deadline;
    }

    /** Checks the dependency; throws when it is not usable. */
    abstract Health.Builder check() throws Exception;

    @Override
    public Health health() {
        CompletableFuture<Health.Builder> future = CompletableFuture.supplyAsync(() -> {
            try {
                return check();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
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
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down()
                    .withDetail("error", String.valueOf(cause.getMessage()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
