package org.coophive.mediator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.coophive.common.testing.StartupFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mediator with a missing or malformed setting does not start, and says which one. */
class MediatorStartupTest {

    private static final String SECRET_LOOKING = "0x1234abcd";

    @TempDir
    static Path dataDir;

    private static Map<String, Object> valid() {
        Map<String, Object> properties = StartupFailure.settingsWithoutKey(dataDir);
        properties.put("SERVICE_SOLVER", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        return properties;
    }

    private static String failure(Map<String, Object> properties) {
        return StartupFailure.messages(MediatorApplication.class, properties);
    }

    @Test
    void shouldNotStartAndNameTheVariableWhenThePrivateKeyIsMissing() {
        assertThat(failure(valid())).contains("WEB3_PRIVATE_KEY is missing");
    }

    @Test
    void shouldNotStartNorEchoTheValueWhenThePrivateKeyIsMalformed() {
        Map<String, Object> properties = valid();
        properties.put("WEB3_PRIVATE_KEY", SECRET_LOOKING);

        assertThat(failure(properties))
                .contains("WEB3_PRIVATE_KEY is not a private key")
                .doesNotContain("1234abcd");
    }

    @Test
    void shouldNotStartAndNameTheVariableWhenTheChainIdIsNotANumber() {
        Map<String, Object> properties = valid();
        properties.put("WEB3_PRIVATE_KEY", "0x" + "11".repeat(32));
        properties.put("WEB3_CHAIN_ID", "mainnet");

        assertThat(failure(properties)).contains("WEB3_CHAIN_ID is not a number");
    }
}
