package org.coophive.executor.module;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.coophive.common.model.Privileges;
import org.coophive.executor.JobSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a rendered module file into a {@link JobSpec}, naming the field of every problem. */
final class ModuleDocument {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> FIELDS = Set.of(
            "description",
            "image",
            "command",
            "env",
            "inputs",
            "resources",
            "timeout_seconds",
            "network",
            "outputs",
            "verification",
            "privileges");
    private static final Set<String> RESOURCE_FIELDS = Set.of("cpu_millis", "memory_mb", "gpus");
    private static final Set<String> PRIVILEGE_FIELDS = Set.of("reason", "user", "capabilities", "writable_root");

    /** The longest reason a module may give for its privileges. */
    static final int MAX_REASON = 1024;

    static final String DEFAULT_OUTPUTS = "/outputs";

    private ModuleDocument() {}

    static JobSpec toJobSpec(String module, String rendered) throws ModuleException {
        JsonNode root;
        try {
            root = MAPPER.readTree(rendered);
        } catch (JacksonException e) {
            throw new ModuleException(module, "rendered module is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ModuleException(module, "module file must be a JSON object");
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new ModuleException(module, "unknown field \"" + field + "\"; known fields: " + FIELDS);
            }
        }
        String image = requiredString(module, root, "image");
        List<String> command = stringList(module, root, "command");
        Map<String, String> env = stringMap(module, root.get("env"));
        JsonNode resources = root.get("resources");
        if (resources == null || !resources.isObject()) {
            throw new ModuleException(module, "\"resources\" is required: {\"cpu_millis\", \"memory_mb\", \"gpus\"}");
        }
        for (String field : resources.propertyNames()) {
            if (!RESOURCE_FIELDS.contains(field)) {
                throw new ModuleException(
                        module, "unknown field \"resources." + field + "\"; known: " + RESOURCE_FIELDS);
            }
        }
        long cpuMillis = positiveLong(module, resources, "resources.cpu_millis", "cpu_millis");
        long memoryMb = positiveLong(module, resources, "resources.memory_mb", "memory_mb");
        int gpus = resources.has("gpus") ? (int) nonNegativeLong(module, resources, "resources.gpus", "gpus") : 0;
        long timeoutSeconds = positiveLong(module, root, "timeout_seconds", "timeout_seconds");
        boolean network = false;
        JsonNode networkNode = root.get("network");
        if (networkNode != null) {
            if (!networkNode.isBoolean()) throw new ModuleException(module, "\"network\" must be true or false");
            network = networkNode.booleanValue();
        }
        String outputs = root.has("outputs") ? requiredString(module, root, "outputs") : DEFAULT_OUTPUTS;
        if (!outputs.startsWith("/")) {
            throw new ModuleException(module, "\"outputs\" must be an absolute path inside the container: " + outputs);
        }
        JobSpec.Verification verification = verification(module, requiredString(module, root, "verification"));
        JsonNode privilegesNode = root.get("privileges");
        Privileges privileges = privilegesNode == null ? Privileges.NONE : privileges(module, privilegesNode);
        String reason = privilegesNode == null
                ? ""
                : privilegesNode.get("reason").stringValue().strip();
        return new JobSpec(
                module,
                image,
                command,
                env,
                cpuMillis,
                memoryMb,
                gpus,
                Duration.ofSeconds(timeoutSeconds),
                network,
                outputs,
                verification,
                privileges,
                reason);
    }

    /**
     * {@code "privileges": {"reason": "...", "user": "root", "capabilities": ["CHOWN"],
     * "writable_root": true}}: a reason is required, and at least one privilege.
     */
    private static Privileges privileges(String module, JsonNode node) throws ModuleException {
        if (!node.isObject()) {
            throw new ModuleException(
                    module,
                    "\"privileges\" must be an object: {\"reason\", \"user\", \"capabilities\", \"writable_root\"}");
        }
        for (String field : node.propertyNames()) {
            if (!PRIVILEGE_FIELDS.contains(field)) {
                throw new ModuleException(
                        module,
                        "unknown field \"privileges." + field + "\"; known: " + new TreeSet<>(PRIVILEGE_FIELDS));
            }
        }
        JsonNode reason = node.get("reason");
        if (reason == null || !reason.isString() || reason.stringValue().isBlank()) {
            throw new ModuleException(
                    module, "\"privileges.reason\" is required: say why the module needs more than the sandbox");
        }
        if (reason.stringValue().length() > MAX_REASON) {
            throw new ModuleException(module, "\"privileges.reason\" is longer than " + MAX_REASON + " characters");
        }
        boolean root = false;
        JsonNode user = node.get("user");
        if (user != null) {
            if (!user.isString() || !"root".equals(user.stringValue())) {
                throw new ModuleException(
                        module, "\"privileges.user\" must be \"root\" (leave it out to run as nobody), not " + user);
            }
            root = true;
        }
        List<String> capabilities = new ArrayList<>();
        JsonNode list = node.get("capabilities");
        if (list != null) {
            if (!list.isArray()) {
                throw new ModuleException(module, "\"privileges.capabilities\" must be an array of capability names");
            }
            for (JsonNode element : list) {
                String name = element.isString() ? element.stringValue() : element.toString();
                if (!element.isString() || !Privileges.CAPABILITIES.contains(name)) {
                    throw new ModuleException(
                            module,
                            "\"privileges.capabilities\" holds unknown capability " + name + "; allowed: "
                                    + new TreeSet<>(Privileges.CAPABILITIES));
                }
                if (capabilities.contains(name)) {
                    throw new ModuleException(module, "\"privileges.capabilities\" lists " + name + " twice");
                }
                capabilities.add(name);
            }
        }
        if (!capabilities.isEmpty() && !root) {
            throw new ModuleException(
                    module,
                    "\"privileges.capabilities\" need \"user\": \"root\": the kernel gives a non-root user none of"
                            + " them");
        }
        boolean writableRoot = false;
        JsonNode writable = node.get("writable_root");
        if (writable != null) {
            if (!writable.isBoolean()) {
                throw new ModuleException(module, "\"privileges.writable_root\" must be true or false");
            }
            writableRoot = writable.booleanValue();
        }
        Privileges privileges = new Privileges(root, capabilities, writableRoot);
        if (privileges.none()) {
            throw new ModuleException(
                    module,
                    "\"privileges\" asks for nothing: name \"user\", \"capabilities\" or \"writable_root\", or"
                            + " leave it out");
        }
        return privileges;
    }

    private static JobSpec.Verification verification(String module, String value) throws ModuleException {
        return switch (value) {
            case "exact" -> JobSpec.Verification.EXACT;
            case "none" -> JobSpec.Verification.NONE;
            default -> throw new ModuleException(
                    module, "\"verification\" must be \"exact\" or \"none\", not \"" + value + "\"");
        };
    }

    private static String requiredString(String module, JsonNode node, String field) throws ModuleException {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new ModuleException(module, "\"" + field + "\" is required and must be a non-empty string");
        }
        return value.stringValue();
    }

    private static List<String> stringList(String module, JsonNode node, String field) throws ModuleException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ModuleException(module, "\"" + field + "\" is required and must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isString()) {
                throw new ModuleException(module, "\"" + field + "\" must contain only strings, found " + element);
            }
            list.add(element.stringValue());
        }
        return list;
    }

    private static Map<String, String> stringMap(String module, JsonNode node) throws ModuleException {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) return map;
        if (!node.isObject()) throw new ModuleException(module, "\"env\" must be an object of name -> string");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new ModuleException(module, "invalid environment variable name \"" + name + "\"");
            }
            if (!entry.getValue().isString()) {
                throw new ModuleException(module, "environment variable " + name + " must be a string");
            }
            map.put(name, entry.getValue().stringValue());
        }
        return map;
    }

    private static long positiveLong(String module, JsonNode node, String label, String field) throws ModuleException {
        long value = nonNegativeLong(module, node, label, field);
        if (value == 0) throw new ModuleException(module, "\"" + label + "\" must be positive");
        return value;
    }

    private static long nonNegativeLong(String module, JsonNode node, String label, String field)
            throws ModuleException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new ModuleException(module, "\"" + label + "\" is required and must be a non-negative integer");
        }
        return value.longValue();
    }
}
