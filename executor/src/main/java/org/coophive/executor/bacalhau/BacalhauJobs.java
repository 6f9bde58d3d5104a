package org.coophive.executor.bacalhau;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.coophive.executor.JobSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns a {@link JobSpec} into the body of Bacalhau's {@code PUT /api/v1/orchestrator/jobs}. */
final class BacalhauJobs {

    /** The name of the result path whose contents become {@code outputs/}. */
    static final String OUTPUTS = "outputs";

    private BacalhauJobs() {}

    /**
     * A {@code PutJobRequest}: one batch job with one docker task, published locally so its
     * outputs can be downloaded.
     *
     * @param name unique per run: Bacalhau updates an existing job that has the same name
     */
    static ObjectNode putJobRequest(JsonMapper mapper, JobSpec spec, String name) {
        ObjectNode request = mapper.createObjectNode();
        ObjectNode job = request.putObject("Job");
        job.put("Name", name);
        job.put("Type", "batch");
        job.put("Count", 1);
        job.putObject("Meta").put("coophive.module", spec.module());

        ObjectNode task = job.putArray("Tasks").addObject();
        task.put("Name", "main");

        ObjectNode engine = task.putObject("Engine");
        engine.put("Type", "docker");
        ObjectNode params = engine.putObject("Params");
        params.put("Image", spec.image());
        List<String> command = spec.command();
        if (!command.isEmpty()) {
            params.putArray("Entrypoint").add(command.get(0));
            ArrayNode parameters = params.putArray("Parameters");
            command.subList(1, command.size()).forEach(parameters::add);
        }
        if (!spec.env().isEmpty()) {
            ArrayNode env = params.putArray("EnvironmentVariables");
            // Sorted: the same spec always gives the same request.
            for (Map.Entry<String, String> variable : new TreeMap<>(spec.env()).entrySet()) {
                env.add(variable.getKey() + "=" + variable.getValue());
            }
        }

        task.putObject("Publisher").put("Type", "local");
        ObjectNode outputs = task.putArray("ResultPaths").addObject();
        outputs.put("Name", OUTPUTS);
        outputs.put("Path", spec.outputsPath());

        ObjectNode resources = task.putObject("Resources");
        resources.put("CPU", spec.cpuMillis() + "m");
        resources.put("Memory", spec.memoryMb() + "MiB");
        if (spec.gpus() > 0) {
            resources.put("GPU", Integer.toString(spec.gpus()));
        }

        task.putObject("Network").put("Type", spec.network() ? "Full" : "None");
        task.putObject("Timeouts").put("ExecutionTimeout", timeoutSeconds(spec));
        return request;
    }

    static long timeoutSeconds(JobSpec spec) {
        long millis = spec.timeout().toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
