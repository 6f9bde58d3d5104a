package org.coophive.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationUnit;

class SettingsBinderTest {

    private static final String MAPPINGS = "org/coophive/common/config/settings-binder-test.properties";

    record Example(@DurationUnit(ChronoUnit.SECONDS) Duration interval, int attempts) {
        Example {
            if (attempts < 1)
                throw new IllegalArgumentException("EXAMPLE_ATTEMPTS must be at least 1, not " + attempts);
        }
    }

    private static Example bind(Map<String, String> variables) {
        return SettingsBinder.over(variables, MAPPINGS, Map.of()).bind("example", Example.class);
    }

    @Test
    void shouldUseTheMappedDefaultsWhenNoVariableIsSet() {
        assertThat(bind(Map.of())).isEqualTo(new Example(Duration.ofSeconds(10), 3));
    }

    @Test
    void shouldReadADurationWithoutAUnitAsSecondsWhenTheVariableSetsOne() {
        assertThat(bind(Map.of("EXAMPLE_INTERVAL", "90")).interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bind(Map.of("EXAMPLE_INTERVAL", "500ms")).interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldLetAnOverrideWinOverTheVariable() {
        Example example = SettingsBinder.over(
                        Map.of("EXAMPLE_ATTEMPTS", "5"), MAPPINGS, Map.of("example.attempts", "7"))
                .bind("example", Example.class);

        assertThat(example.attempts()).isEqualTo(7);
    }

    @Test
    void shouldNameTheVariableWhenAValueDoesNotConvert() {
        assertThatThrownBy(() -> bind(Map.of("EXAMPLE_ATTEMPTS", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EXAMPLE_ATTEMPTS is not a valid value: many");
        assertThatThrownBy(() -> bind(Map.of("EXAMPLE_INTERVAL", "soon")))
                .hasMessage("EXAMPLE_INTERVAL is not a duration (like 90s, 5m, 1h): soon");
    }

    @Test
    void shouldPassTheRecordsOwnMessageOnWhenItRefusesAValue() {
        assertThatThrownBy(() -> bind(Map.of("EXAMPLE_ATTEMPTS", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EXAMPLE_ATTEMPTS must be at least 1, not 0");
    }
}
