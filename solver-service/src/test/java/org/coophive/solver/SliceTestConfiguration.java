package org.coophive.solver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.coophive.common.signing.InMemoryNonceStore;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.store.StoreProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * What the controller slices need besides the controllers, the advice and the mocked stores:
 * signatures checked against nonces in memory, the real matcher and event bus, a 64 KiB upload
 * limit and a temporary data folder.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SliceTestConfiguration {

    /** The upload limit of the slices. */
    public static final DataSize UPLOAD_LIMIT = DataSize.ofKilobytes(64);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RequestVerifier requestVerifier(Clock clock) {
        return new RequestVerifier(new InMemoryNonceStore(clock), clock);
    }

    @Bean
    SolverProperties solverProperties() {
        return new SolverProperties("http://localhost:8080", UPLOAD_LIMIT, Duration.ofHours(1), Duration.ofSeconds(10));
    }

    @Bean
    org.coophive.solver.web.RateLimiter rateLimiter(SolverProperties properties) {
        return new org.coophive.solver.web.RateLimiter(properties);
    }

    @Bean
    StoreProperties storeProperties() throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        return new StoreProperties("", Files.createTempDirectory(target, "solver-slice-"));
    }

    @Bean
    Matcher matcher(Clock clock) {
        return new Matcher(ApiFixtures.SOLVER, Duration.ofHours(1), clock);
    }

    @Bean
    EventBus eventBus() {
        return new EventBus();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
