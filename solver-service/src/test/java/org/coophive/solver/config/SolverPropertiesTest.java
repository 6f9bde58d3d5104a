package org.coophive.solver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SolverPropertiesTest {

    @Test
    void shouldReadDurationsWithoutAUnitAsSecondsWhenBound() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "coophive.solver.service.url", "http://localhost:8080",
                "coophive.solver.service.offer-expiry", "600",
                "coophive.solver.service.match-interval", "10")));

        SolverProperties properties = binder.bindOrCreate("coophive.solver.service", SolverProperties.class);

        assertThat(properties.offerExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.matchInterval()).isEqualTo(Duration.ofSeconds(10));
    }
}
