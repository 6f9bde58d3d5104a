package org.coophive.faucet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.coophive.common.testing.StartupFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A faucet with a missing or malformed key does not start, says which variable, and never echoes the value. */
class FaucetStartupTest {

    @TempDir
    static Path dataDir;

    private static Map<String, Object> valid() {
        return StartupFailure.settingsWithoutKey(dataDir);
    }

    private static String failure(Map<String, Object> properties) {
        return StartupFailure.messages(FaucetApplication.class, properties);
    }

    @Test
    void shouldNotStartAndNameTheVariableWhenTheKeyIsMissing() {
        assertThat(failure(valid())).contains("WEB3_PRIVATE_KEY is missing");
    }

    @Test
    void shouldNotStartNorEchoTheValueWhenTheKeyIsMalformed() {
        Map<String, Object> properties = valid();
        properties.put("WEB3_PRIVATE_KEY", "0x1234abcd");

        assertThat(failure(properties))
                .contains("WEB3_PRIVATE_KEY is not a private key")
                .doesNotContain("1234abcd");
    }
}
