package org.coophive.mediator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * How the mediator works, bound from the environment: {@code application.properties} maps each
 * value to its variable and holds its default (the one place defaults are written). Every value is
 * checked here, so a bad one stops startup with a message naming its variable.
 *
 * @param dataDir where the journal of mediations and the chain cursor live ({@code DATA_DIR},
 *     default {@code ./data/mediator})
 * @param passInterval how often a full pass looks for deals when no event triggers one earlier
 *     ({@code MEDIATOR_PASS_INTERVAL}, default 10 s)
 * @param maxConcurrentJobs how many deals are checked (and jobs re-run) at once, 1 to 64
 *     ({@code MEDIATOR_MAX_CONCURRENT_JOBS}; unset: {@link #machineConcurrency}, one per processor,
 *     at least 2 so that one slow re-run never holds up every other mediation, at most 8)
 * @param eventsFromBlock where the first start reads {@code MediationRequested} events from; later
 *     starts resume from the saved cursor ({@code MEDIATOR_EVENTS_FROM_BLOCK}, default 0)
 *
 * <p>The executor that re-runs jobs is configured like the provider's, by the executor module's
 * {@link org.coophive.executor.ExecutorSettings} ({@code EXECUTOR}, {@code DOCKER_PULL}, ...).
 */
@ConfigurationProperties("coophive.mediator")
public record MediatorProperties(
        String dataDir,
        @DurationUnit(ChronoUnit.SECONDS) Duration passInterval,
        Integer maxConcurrentJobs,
        long eventsFromBlock) {

    public static final String DATA_DIR = "DATA_DIR";
    public static final String PASS_INTERVAL = "MEDIATOR_PASS_INTERVAL";
    public static final String MAX_CONCURRENT_JOBS = "MEDIATOR_MAX_CONCURRENT_JOBS";
    public static final String EVENTS_FROM_BLOCK = "MEDIATOR_EVENTS_FROM_BLOCK";

    public MediatorProperties {
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException(DATA_DIR + " must name a directory");
        }
        dataDir = dataDir.strip();
        if (passInterval == null || passInterval.isNegative() || passInterval.isZero()) {
            throw new IllegalArgumentException(PASS_INTERVAL + " must be positive, not " + passInterval);
        }
        if (maxConcurrentJobs == null) maxConcurrentJobs = machineConcurrency();
        if (maxConcurrentJobs < 1 || maxConcurrentJobs > 64) {
            throw new IllegalArgumentException(MAX_CONCURRENT_JOBS + " must be 1 to 64, not " + maxConcurrentJobs);
        }
        if (eventsFromBlock < 0) {
            throw new IllegalArgumentException(EVENTS_FROM_BLOCK + " must not be negative, not " + eventsFromBlock);
        }
    }

    /**
     * The default of {@code MEDIATOR_MAX_CONCURRENT_JOBS}: one mediation per processor, at least 2
     * (a re-run may take as long as its job's timeout, and the next mediation should not wait for
     * it), at most 8.
     */
    public static int machineConcurrency() {
        return Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The data directory as a path. */
    public Path dataPath() {
        return Path.of(dataDir);
    }
}
