package org.coophive.common.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a service's Spring application that is expected not to start (a missing or malformed
 * setting) and gives what it said: the messages of the failure and of every cause, one per line,
 * which is what an operator reads. A start that succeeds is an assertion failure.
 */
public final class StartupFailure {

    private StartupFailure() {}

    /**
     * The settings of a service with everything but its key ({@code WEB3_PRIVATE_KEY}): its data
     * folder, a chain that does not answer (the start must fail before it is needed), any port. A
     * mutable copy, for a test to add or break one setting.
     */
    public static Map<String, Object> settingsWithoutKey(Path dataDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("DATA_DIR", dataDir.toString());
        properties.put("WEB3_RPC_URL", "http://127.0.0.1:1");
        properties.put("WEB3_CHAIN_ID", "1337");
        properties.put("WEB3_CONTROLLER_ADDRESS", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        properties.put("SERVER_PORT", "0");
        return properties;
    }

    /** The messages of the failure to start {@code application} with {@code properties}. */
    public static String messages(Class<?> application, Map<String, Object> properties) {
        try {
            new SpringApplicationBuilder(application)
                    .properties(properties)
                    .run()
                    .close();
        } catch (RuntimeException failure) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause())
                all.append(t.getMessage()).append('\n');
            return all.toString();
        }
        throw new AssertionError(application.getSimpleName() + " started with " + properties.keySet());
    }
}
