package org.coophive.executor.testing;

import java.util.List;
import java.util.Map;
import org.coophive.executor.ExecutorSettings;
import org.coophive.executor.docker.ImagePolicy;

/**
 * The executor's variables as a provider or mediator operator sets them, and the settings they
 * mean: each service's test binds them through its own binding and expects the same settings, so
 * the provider and the mediator build the same executor from the same variables.
 */
public final class ExecutorVariables {

    /** Every executor variable set, none to its default. */
    public static final Map<String, String> EVERY_VARIABLE = Map.of(
            ExecutorSettings.EXECUTOR, "Bacalhau",
            ExecutorSettings.DOCKER_PULL, "if-not-present",
            ExecutorSettings.BACALHAU_API_HOST, "bacalhau.internal",
            ExecutorSettings.BACALHAU_API_PORT, "4321",
            ExecutorSettings.JOB_OUTPUTS_LIMIT, "1048576",
            ExecutorSettings.JOB_LOGS_LIMIT, "4096",
            ExecutorSettings.EXECUTOR_PRIVILEGES, "root, writable-root, CHOWN");

    /** What {@link #EVERY_VARIABLE} means. */
    public static final ExecutorSettings EVERY_SETTING = new ExecutorSettings(
            ExecutorSettings.Kind.BACALHAU,
            ImagePolicy.IF_NOT_PRESENT,
            "bacalhau.internal",
            4321,
            1048576,
            4096,
            List.of("root", "writable-root", "CHOWN"));

    private ExecutorVariables() {}
}
