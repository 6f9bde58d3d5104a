package org.coophive.mediator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A mediator with a missing or malformed setting does not start, and says which one. */
class MediatorStartupTest {

    private static final String SECRET_LOOKING = "0x1234abcd";

    @TempDir
    static Path dataDir;

    private static Map<String, Object> valid() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("DATA_DIR", dataDir.toString());
        properties.put("WEB3_RPC_URL", "http://127.0.0.1:1");
        properties.put("WEB3_CHAIN_ID", "1337");
        properties.put("WEB3_CONTROLLER_ADDRESS", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        properties.put("SERVICE_SOLVER", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
        properties.put("SERVER_PORT", "0");
        return properties;
    }

    private static Throwable start(Map<String, Object> properties) {
        return catchThrowable(() -> new SpringApplicationBuilder(MediatorApplication.class)
                .properties(properties)
                .run()
                .close());
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause())
            all.append(t.getMessage()).append('\n');
        return all.toString();
    }

    @Test
    void shouldNotStartAndNameTheVariableWhenThePrivateKeyIsMissing() {
        Throwable failure = start(valid());

        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains("WEB3_PRIVATE_KEY is missing");
    }

    @Test
    void shouldNotStartNorEchoTheValueWhenThePrivateKeyIsMalformed() {
        Map<String, Object> properties = valid();
        properties.put("WEB3_PRIVATE_KEY", SECRET_LOOKING);

        Throwable failure = start(properties);

        assertThat(failure).isNotNull();
        assertThat(messages(failure))
                .contains("WEB3_PRIVATE_KEY is not a private key")
                .doesNotContain("1234abcd");
    }

    @Test
    void shouldNotStartAndNameTheVariableWhenTheChainIdIsNotANumber() {
        Map<String, Object> properties = valid();
        properties.put("WEB3_PRIVATE_KEY", "0x" + "11".repeat(32));
        properties.put("WEB3_CHAIN_ID", "mainnet");

        Throwable failure = start(properties);

        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains("WEB3_CHAIN_ID is not a number");
    }
}
