package org.coophive.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docker engine's events while a stretch of jobs runs ({@code docker events}, followed live:
 * the engine keeps only its last 256 events for a later query), counted for the job containers,
 * outputs holders and outputs volumes of one stack's providers: the engine's objects and their
 * lifecycle per job. The engine is shared with other builds; a provider's objects are told from
 * theirs by its owner label, which holds the provider's data folder ({@code marker}).
 */
final class DockerEvents implements AutoCloseable {

    private static final String OWNER = "org.coophive.job.owner";
    private static final String SPARE = "org.coophive.outputs-spare";
    private static final String HOLDER_OF = "org.coophive.outputs-holder";
    private static final String JOB = "org.coophive.job";
    private static final String JOB_HOLDER = "org.coophive.job.holder";

    private final Process process;
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private final Set<String> containers = new HashSet<>();

    private DockerEvents(Process process) {
        this.process = process;
        JsonMapper json = JsonMapper.builder().build();
        this.reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.startsWith("{")) events.add(json.readTree(line));
                        }
                    } catch (IOException | RuntimeException e) {
                        // The stream ended (closed): what was read is counted.
                    }
                },
                "docker-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts following the engine's events. */
    static DockerEvents follow() throws IOException {
        return new DockerEvents(new ProcessBuilder("docker", "events", "--format", "{{json .}}")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /**
     * Stops following and counts the events of the objects whose owner label holds {@code marker},
     * by object and action (e.g. {@code holder start}).
     */
    Map<String, Long> stopAndCount(String marker) throws InterruptedException {
        close();
        List<JsonNode> all;
        synchronized (events) {
            all = new ArrayList<>(events);
        }
        // First pass: the stack's job containers and spare holders, their deals and volumes.
        Set<String> deals = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        for (JsonNode event : all) {
            JsonNode attributes = event.path("Actor").path("Attributes");
            if (!event.path("Type").asString().equals("container")) continue;
            if (!attributes.path(OWNER).asString("").contains(marker)
                    && !attributes.path(SPARE).asString("").contains(marker)) continue;
            containers.add(event.path("Actor").path("ID").asString());
            if (attributes.has(JOB)) deals.add(attributes.path(JOB).asString());
            if (attributes.has(HOLDER_OF))
                volumes.add(attributes.path(HOLDER_OF).asString());
        }
        // Second pass: holders made for one of those deals (no spare at hand), then count.
        for (JsonNode event : all) {
            JsonNode attributes = event.path("Actor").path("Attributes");
            if (event.path("Type").asString().equals("container")
                    && deals.contains(attributes.path(JOB_HOLDER).asString(""))) {
                containers.add(event.path("Actor").path("ID").asString());
                volumes.add(attributes.path(HOLDER_OF).asString());
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode event : all) {
            String type = event.path("Type").asString();
            String id = event.path("Actor").path("ID").asString();
            JsonNode attributes = event.path("Actor").path("Attributes");
            String action = event.path("Action").asString().split(":")[0];
            String what;
            if (type.equals("container") && containers.contains(id))
                what = attributes.has(HOLDER_OF) ? "holder" : "job container";
            else if (type.equals("volume")
                    && (volumes.contains(id)
                            || containers.contains(attributes.path("container").asString(""))))
                what = volumes.contains(id) ? "outputs volume" : "volume of a job container";
            else continue;
            counts.merge(what + " " + action, 1L, Long::sum);
        }
        return counts;
    }

    /** The ids of the stack's containers {@link #stopAndCount} found. */
    Set<String> containers() {
        return containers;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
    }
}
