package org.coophive.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.coophive.common.chain.Web3Properties;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SpringSettingsTest {

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }

    @Test
    void shouldGiveOnlyTheNamedVariablesThatAreSetWhenAsked() {
        var environment = environment(Map.of("SERVICE_SOLVER", "0xabc", "OTHER", "x"));

        assertThat(SpringSettings.of(environment, "SERVICE_SOLVER", "SERVICE_MEDIATORS"))
                .containsExactly(Map.entry("SERVICE_SOLVER", "0xabc"));
    }

    @Test
    void shouldNameTheMissingVariableWhenTheChainSettingsAreIncomplete() {
        var environment = environment(Map.of(Web3Properties.RPC_URL, "http://127.0.0.1:8545"));

        assertThatThrownBy(() -> SpringSettings.web3(environment)).hasMessageContaining("WEB3_");
    }

    @Test
    void shouldTreatABlankVariableAsUnsetAndStripTheOthers() {
        var variables = SpringSettings.withoutBlanks(
                SpringSettings.variables(environment(Map.of("OFFER_CPU", "  2000 ", "OFFER_RAM", "   "))));

        assertThat(variables.get("OFFER_CPU")).isEqualTo("2000");
        assertThat(variables.containsKey("OFFER_RAM")).isFalse();
        assertThat(variables.get("OFFER_GPU")).isNull();
    }
}
