package org.coophive.executor;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.coophive.common.config.SettingsBinder;
import org.coophive.common.config.SpringSettings;
import org.coophive.common.model.Privileges;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.ImagePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of an executor, the same for the resource provider that runs jobs and the mediator
 * that re-runs them: both bind this record from the same variables ({@link #bind}, relaxed
 * binding through each service's {@code application.properties}, which maps each property to its
 * variable and holds the service's default) and build their executor with {@link #executor}.
 *
 * @param kind {@code EXECUTOR}: {@code docker} (default) or {@code bacalhau}
 * @param imagePolicy {@code DOCKER_PULL}: {@code never} (default: images must be present locally)
 *     or {@code if-not-present}
 * @param bacalhauApiHost {@code BACALHAU_API_HOST} (default {@code localhost}, or a full URL) and
 * @param bacalhauApiPort {@code BACALHAU_API_PORT} (default 1234): the Bacalhau orchestrator API
 * @param jobOutputsLimit {@code JOB_OUTPUTS_LIMIT}: the bytes a job's {@code outputs/} may hold, at
 *     most {@value #MAX_OUTPUTS_LIMIT} (a provider's default 512 MiB; a mediator's default is that
 *     maximum, so it never cuts what a provider may keep)
 * @param jobLogsLimit {@code JOB_LOGS_LIMIT}: the bytes kept of each log stream, at most {@value
 *     #MAX_LOGS_LIMIT} (a provider's default 8 MiB, a mediator's that maximum)
 * @param privileges {@code EXECUTOR_PRIVILEGES}: what a module that asks (and says why) may get
 *     beyond the sandbox, a comma-separated list of {@code root}, {@code writable-root} and
 *     capability names from {@link Privileges#CAPABILITIES}; empty (default) grants nothing. A
 *     provider advertises it in its resource offers
 */
public record ExecutorSettings(
        Kind kind,
        ImagePolicy imagePolicy,
        String bacalhauApiHost,
        int bacalhauApiPort,
        long jobOutputsLimit,
        long jobLogsLimit,
        List<String> privileges) {

    /** The properties' prefix in each service's {@code application.properties}. */
    public static final String PREFIX = "coophive.executor";

    public static final String EXECUTOR = "EXECUTOR";
    public static final String DOCKER_PULL = "DOCKER_PULL";
    public static final String BACALHAU_API_HOST = "BACALHAU_API_HOST";
    public static final String BACALHAU_API_PORT = "BACALHAU_API_PORT";
    public static final String JOB_OUTPUTS_LIMIT = "JOB_OUTPUTS_LIMIT";
    public static final String JOB_LOGS_LIMIT = "JOB_LOGS_LIMIT";
    public static final String EXECUTOR_PRIVILEGES = "EXECUTOR_PRIVILEGES";

    /** The mediator's old name of {@code DOCKER_PULL} ({@code true} or {@code false}), kept for one release. */
    public static final String OLD_PULL_IMAGES = "EXECUTOR_PULL_IMAGES";
    /** The mediator's old name of {@code BACALHAU_API_HOST} (a URL), kept for one release. */
    public static final String OLD_BACALHAU_API_URL = "BACALHAU_API_URL";

    /** The most a job's outputs may hold: below the solver's 1 GiB upload limit with room for logs. */
    public static final long MAX_OUTPUTS_LIMIT = 900L << 20;
    /** The most each log stream may keep. */
    public static final long MAX_LOGS_LIMIT = 64L << 20;

    private static final Logger log = LoggerFactory.getLogger(ExecutorSettings.class);

    /** The executors a service can run jobs with. */
    public enum Kind {
        DOCKER,
        BACALHAU
    }

    public ExecutorSettings {
        if (kind == null) throw new IllegalArgumentException(EXECUTOR + " is empty");
        if (imagePolicy == null) throw new IllegalArgumentException(DOCKER_PULL + " is empty");
        bacalhauApiHost = bacalhauApiHost == null ? "" : bacalhauApiHost.strip();
        within(BACALHAU_API_PORT, bacalhauApiPort, 1, 65535);
        within(JOB_OUTPUTS_LIMIT, jobOutputsLimit, 0, MAX_OUTPUTS_LIMIT);
        within(JOB_LOGS_LIMIT, jobLogsLimit, 0, MAX_LOGS_LIMIT);
        bacalhauApi(bacalhauApiHost, bacalhauApiPort);
        privileges = privileges == null
                ? List.of()
                : privileges.stream()
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList();
        granted(privileges);
    }

    /**
     * Binds the settings from {@code variables} through the service's {@code mappings} (its
     * {@code application.properties}); the mediator's old names are read as their new ones, each
     * with one warning.
     *
     * @param refusal how a value that does not convert is reported (the service's words)
     * @throws IllegalArgumentException naming the first wrong variable, or an old and a new name
     *     that disagree
     */
    public static ExecutorSettings bind(
            Map<String, String> variables, String mappings, SettingsBinder.Refusal refusal) {
        Map<String, String> current = withCurrentNames(SpringSettings.withoutBlanks(variables), log::warn);
        return SettingsBinder.over(current, mappings, Map.of())
                .reportingWith(refusal)
                .bind(PREFIX, ExecutorSettings.class);
    }

    /** {@link #bind} reporting a value that does not convert in common's words ({@link SettingsBinder#inWords}). */
    public static ExecutorSettings bind(Map<String, String> variables, String mappings) {
        return bind(variables, mappings, SettingsBinder::inWords);
    }

    /**
     * The variables with the mediator's old names ({@value #OLD_PULL_IMAGES}, {@value
     * #OLD_BACALHAU_API_URL}) given as their new ones, telling {@code warnings} once per old name
     * used which variable replaces it.
     *
     * @throws IllegalArgumentException when an old name's value is wrong, or both names are set and
     *     disagree
     */
    public static Map<String, String> withCurrentNames(Map<String, String> variables, Consumer<String> warnings) {
        Map<String, String> current = new HashMap<>();
        String pull = variables.get(OLD_PULL_IMAGES);
        if (pull != null) {
            String policy =
                    switch (pull.strip().toLowerCase(Locale.ROOT)) {
                        case "true" -> "if-not-present";
                        case "false" -> "never";
                        default -> throw new IllegalArgumentException(
                                OLD_PULL_IMAGES + " must be true or false, not " + pull.strip());
                    };
            String given = variables.get(DOCKER_PULL);
            if (given != null && !given.strip().equalsIgnoreCase(policy)) {
                throw new IllegalArgumentException(OLD_PULL_IMAGES + "=" + pull.strip() + " and " + DOCKER_PULL + "="
                        + given.strip() + " disagree: remove " + OLD_PULL_IMAGES + ", which " + DOCKER_PULL
                        + " replaces");
            }
            current.put(DOCKER_PULL, policy);
            warnings.accept(OLD_PULL_IMAGES + " is deprecated and will be removed: set " + DOCKER_PULL + "=" + policy
                    + " instead");
        }
        String url = variables.get(OLD_BACALHAU_API_URL);
        if (url != null) {
            URI api = httpUrl(OLD_BACALHAU_API_URL, url.strip());
            String host = variables.get(BACALHAU_API_HOST);
            if (host != null) {
                URI given = bacalhauApi(host.strip(), port(variables.get(BACALHAU_API_PORT)));
                if (!given.equals(api)) {
                    throw new IllegalArgumentException(OLD_BACALHAU_API_URL + "=" + url.strip() + " and "
                            + BACALHAU_API_HOST + "=" + host.strip() + " disagree: remove " + OLD_BACALHAU_API_URL
                            + ", which " + BACALHAU_API_HOST + " (a host or a full URL) replaces");
                }
            }
            current.put(BACALHAU_API_HOST, api.toString());
            warnings.accept(OLD_BACALHAU_API_URL + " is deprecated and will be removed: set " + BACALHAU_API_HOST + "="
                    + api + " instead");
        }
        return overlay(variables, current);
    }

    /**
     * {@code variables} (which may only be looked up by name, as {@link SpringSettings#variables}
     * are) with {@code current} over them and the old names gone; looked up by name only too.
     */
    private static Map<String, String> overlay(Map<String, String> variables, Map<String, String> current) {
        return new AbstractMap<>() {
            @Override
            public String get(Object key) {
                if (OLD_PULL_IMAGES.equals(key) || OLD_BACALHAU_API_URL.equals(key)) return null;
                String value = current.get(key);
                return value != null ? value : variables.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                return get(key) != null;
            }

            @Override
            public Set<Map.Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
    }

    /** The Bacalhau orchestrator API. */
    public URI bacalhauApi() {
        return bacalhauApi(bacalhauApiHost, bacalhauApiPort);
    }

    /** What a job's result may hold. */
    public ResultLimits limits() {
        return new ResultLimits(jobOutputsLimit, jobLogsLimit);
    }

    /** What a module may get beyond the sandbox ({@code EXECUTOR_PRIVILEGES}). */
    public Privileges granted() {
        return granted(privileges);
    }

    /**
     * The one way both services build their executor from these settings.
     *
     * @param docker the engine's client, asked for only when {@link #kind} is docker (the caller
     *     keeps and closes it)
     */
    public Executor executor(Supplier<DockerClient> docker) {
        return switch (kind) {
            case DOCKER -> new DockerExecutor(docker.get(), imagePolicy, limits(), granted());
            case BACALHAU -> new BacalhauExecutor(bacalhauApi());
        };
    }

    private static Privileges granted(List<String> names) {
        boolean root = false;
        boolean writableRoot = false;
        TreeSet<String> capabilities = new TreeSet<>();
        for (String name : names) {
            String normal = name.toUpperCase(Locale.ROOT).replace('-', '_');
            if (normal.equals("ROOT")) root = true;
            else if (normal.equals("WRITABLE_ROOT")) writableRoot = true;
            else if (Privileges.CAPABILITIES.contains(normal)) capabilities.add(normal);
            else {
                throw new IllegalArgumentException(EXECUTOR_PRIVILEGES + " names " + name
                        + ", which is none of root, writable-root or the capabilities "
                        + new TreeSet<>(Privileges.CAPABILITIES));
            }
        }
        return new Privileges(root, List.copyOf(capabilities), writableRoot);
    }

    private static void within(String variable, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(variable + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    private static int port(String text) {
        try {
            return text == null || text.isBlank() ? 1234 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BACALHAU_API_PORT + " is not a whole number: " + text.strip(), e);
        }
    }

    private static URI bacalhauApi(String host, int port) {
        try {
            return host.contains("://") ? URI.create(host) : URI.create("http://" + host + ":" + port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BACALHAU_API_HOST + " is not a host name: " + host, e);
        }
    }

    private static URI httpUrl(String variable, String url) {
        URI api;
        try {
            api = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a URL: " + url, e);
        }
        if (!("http".equals(api.getScheme()) || "https".equals(api.getScheme())) || api.getHost() == null) {
            throw new IllegalArgumentException(variable + " must be an http(s) URL, not " + url);
        }
        return api;
    }
}
