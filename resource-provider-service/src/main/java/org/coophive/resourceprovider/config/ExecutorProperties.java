package org.coophive.resourceprovider.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.docker.ImagePolicy;

/**
 * Which executor runs the jobs.
 *
 * @param kind {@code EXECUTOR}: {@code docker} (default) or {@code bacalhau}
 * @param imagePolicy {@code DOCKER_PULL}: {@code never} (default: images must be present locally)
 *     or {@code if-not-present}
 * @param bacalhauApi {@code BACALHAU_API_HOST} (default {@code localhost}) and
 *     {@code BACALHAU_API_PORT} (default 1234): the Bacalhau orchestrator API
 * @param limits {@code JOB_OUTPUTS_LIMIT} (bytes, default 512 MiB) and {@code JOB_LOGS_LIMIT}
 *     (bytes per stream, default 8 MiB): what a job's result may hold, kept below the solver's
 *     upload limit; mediators must use the same
 */
public record ExecutorProperties(Kind kind, ImagePolicy imagePolicy, URI bacalhauApi, ResultLimits limits) {

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

    /** @throws InvalidConfigurationException naming the first wrong variable */
    public static ExecutorProperties fromEnvironment(Map<String, String> env) {
        String kindText = Values.text(env, EXECUTOR, "docker").toLowerCase(Locale.ROOT);
        Kind kind =
                switch (kindText) {
                    case "docker" -> Kind.DOCKER;
                    case "bacalhau" -> Kind.BACALHAU;
                    default -> throw new InvalidConfigurationException(
                            EXECUTOR + Values.flag(EXECUTOR) + " must be docker or bacalhau, not " + kindText);
                };
        String pull = Values.text(env, DOCKER_PULL, "never").toLowerCase(Locale.ROOT);
        ImagePolicy policy =
                switch (pull) {
                    case "never" -> ImagePolicy.NEVER;
                    case "if-not-present" -> ImagePolicy.IF_NOT_PRESENT;
                    default -> throw new InvalidConfigurationException(
                            DOCKER_PULL + Values.flag(DOCKER_PULL) + " must be never or if-not-present, not " + pull);
                };
        String host = Values.text(env, BACALHAU_API_HOST, "localhost");
        long port = Values.wholeNumber(env, BACALHAU_API_PORT, 1234, 1, 65535);
        URI api;
        try {
            api = host.contains("://") ? URI.create(host) : URI.create("http://" + host + ":" + port);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(BACALHAU_API_HOST + " is not a host name: " + host);
        }
        ResultLimits limits = new ResultLimits(
                Values.wholeNumber(env, JOB_OUTPUTS_LIMIT, ResultLimits.DEFAULTS.maxOutputBytes(), 0, 900L << 20),
                Values.wholeNumber(env, JOB_LOGS_LIMIT, ResultLimits.DEFAULTS.maxLogBytes(), 0, 64L << 20));
        return new ExecutorProperties(kind, policy, api, limits);
    }
}
