package org.coophive.saas.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A job as the job creator daemon's API shows it (jobcreator-service/README.md). */
record DaemonJob(
        String id,
        String status,
        String outcome,
        String message,
        String jobOfferId,
        String dealId,
        String resourceProvider,
        List<Phase> phases,
        Map<String, String> transactions,
        String dataId,
        Integer exitCode,
        String resultError,
        boolean hasResults,
        String costWei) {

    record Phase(String phase, String label, String at, String message) {}

    boolean finished() {
        return "FINISHED".equals(status);
    }

    static DaemonJob of(JsonNode node) {
        List<Phase> phases = new ArrayList<>();
        for (JsonNode p : node.path("phases")) {
            phases.add(new Phase(
                    p.path("phase").asString(""),
                    p.path("label").asString(""),
                    p.path("at").asString(""),
                    p.path("message").asString("")));
        }
        Map<String, String> transactions = new LinkedHashMap<>();
        node.path("transactions")
                .properties()
                .forEach(e -> transactions.put(e.getKey(), e.getValue().asString("")));
        JsonNode result = node.path("result");
        boolean hasResult = result.isObject();
        return new DaemonJob(
                node.path("id").asString(""),
                node.path("status").asString(""),
                node.path("outcome").isNull() ? null : node.path("outcome").asString(null),
                node.path("message").asString(""),
                node.path("job_offer_id").asString(""),
                node.path("deal_id").asString(""),
                node.path("resource_provider").asString(""),
                phases,
                transactions,
                hasResult ? result.path("data_id").asString("") : "",
                hasResult && result.has("exit_code") ? result.path("exit_code").asInt() : null,
                hasResult ? result.path("error").asString("") : "",
                hasResult && !result.path("files_url").asString("").isEmpty(),
                node.path("cost_wei").asString(""));
    }
}
