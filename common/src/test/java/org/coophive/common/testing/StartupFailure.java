package org.coophive.common.testing;

import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a service's Spring application that is expected not to start (a missing or malformed
 * setting) and gives what it said: the messages of the failure and of every cause, one per line,
 * which is what an operator reads. A start that succeeds is an assertion failure.
 */
public final class StartupFailure {

    private StartupFailure() {}

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
