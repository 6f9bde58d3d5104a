package org.coophive.resourceprovider.config;

import java.net.URI;
import java.util.Map;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.docker.ImagePolicy;

/**
 * Which executor runs the jobs (defaults in {@code application.properties}).
 *
 * @param kind {@code EXECUTOR}: {@code docker} (default) or {@code bacalhau}
 * @param imagePolicy {@code DOCKER_PULL}: {@code never} (default: images must be present locally)
 *     or {@code if-not-present}
 * @param bacalhauApiHost {@code BACALHAU_API_HOST} (default {@code localhost}, or a full URL) and
 * @param bacalhauApiPort {@code BACALHAU_API_PORT} (default 1234): the Bacalhau orchestrator API
 * @param jobOutputsLimit {@code JOB_OUTPUTS_LIMIT} (bytes, default 512 MiB) and
 * @param jobLogsLimit {@code JOB_LOGS_LIMIT} (bytes per stream, default 8 MiB): what a job's result
 *     may hold, kept below the solver's upload limit; mediators must use the same
 */
public record ExecutorProperties(
        Kind kind,
        ImagePolicy imagePolicy,
        String bacalhauApiHost,
        int bacalhauApiPort,
        long jobOutputsLimit,
        long jobLogsLimit) {

    public static final String JOB_OUTPUTS_LIMIT = "JOB_OUTPUTS_LIMIT";
    public static final String JOB_LOGS_LIMIT = "JOB_LOGS_LIMIT";

    public static final String EXECUTOR = "EXECUTOR";
    public static final String DOCKER_PULL = "DOCKER_PULL";
    public static final String BACALHAU_API_HOST = "BACALHAU_API_HOST";
    public static final String BACALHAU_API_PORT = "BACALHAU_API_PORT";

    /** The executors a provider can choose. */
    public enum Kind {
        DOCKER,
        BACALHAU
    }

    public ExecutorProperties {
        if (kind == null) throw new InvalidConfigurationException(ProviderBinding.label(EXECUTOR) + " is empty");
        if (imagePolicy == null) {
            throw new InvalidConfigurationException(ProviderBinding.label(DOCKER_PULL) + " is empty");
        }
        bacalhauApiHost = bacalhauApiHost == null ? "" : bacalhauApiHost.strip();
        ProviderBinding.within(BACALHAU_API_PORT, bacalhauApiPort, 1, 65535);
        ProviderBinding.within(JOB_OUTPUTS_LIMIT, jobOutputsLimit, 0, 900L << 20);
        ProviderBinding.within(JOB_LOGS_LIMIT, jobLogsLimit, 0, 64L << 20);
        bacalhauApi(bacalhauApiHost, bacalhauApiPort);
    }

    /** @throws InvalidConfigurationException naming the first wrong variable */
    public static ExecutorProperties fromEnvironment(Map<String, String> env) {
        return ProviderBinding.bind(env, "coophive.executor", ExecutorProperties.class);
    }

    /** The Bacalhau orchestrator API. */
    public URI bacalhauApi() {
        return bacalhauApi(bacalhauApiHost, bacalhauApiPort);
    }

    /** What a job's result may hold. */
    public ResultLimits limits() {
        return new ResultLimits(jobOutputsLimit, jobLogsLimit);
    }

    private static URI bacalhauApi(String host, int port) {
        try {
            return host.contains("://") ? URI.create(host) : URI.create("http://" + host + ":" + port);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(BACALHAU_API_HOST + " is not a host name: " + host);
        }
    }
}
