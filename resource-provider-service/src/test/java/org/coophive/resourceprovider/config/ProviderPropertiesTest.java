package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderPropertiesTest {

    @Test
    void shouldReadAReconcileIntervalWithoutAUnitAsSecondsLikeEveryService() {
        assertThat(ProviderProperties.fromEnvironment(Map.of("RECONCILE_INTERVAL", "15"))
                        .reconcileInterval())
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(ProviderProperties.fromEnvironment(Map.of("RECONCILE_INTERVAL", "200ms"))
                        .reconcileInterval())
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldNameTheVariableWhenTheIntervalIsMalformed() {
        assertThatThrownBy(() -> ProviderProperties.fromEnvironment(Map.of("RECONCILE_INTERVAL", "often")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("RECONCILE_INTERVAL is not a duration (like 90s, 5m, 1h): often");
    }
}
