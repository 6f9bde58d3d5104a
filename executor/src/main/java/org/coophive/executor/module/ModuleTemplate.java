package org.coophive.executor.module;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A module file as written: JSON whose string values may hold {@code {{Name}}} tags naming
 * declared inputs. Only plain variables are allowed, and only inside JSON strings, so the raw
 * template is itself valid JSON (its {@code inputs} are read from it) and every substituted value
 * lands inside a string, escaped for JSON string content. Mustache never re-renders a substituted
 * value, so an input holding quotes, backslashes, newlines or {{...}} stays data.
 */
final class ModuleTemplate {

    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String module;
    private final Map<String, Input> inputs;
    private final Template template;

    private ModuleTemplate(String module, Map<String, Input> inputs, Template template) {
        this.module = module;
        this.inputs = inputs;
        this.template = template;
    }

    /** An input a module declares; one without a default is required. */
    record Input(String name, Optional<String> defaultValue, String description) {}

    /** Parses and checks a template; every problem is reported before anything is rendered. */
    static ModuleTemplate parse(String module, String text) throws ModuleException {
        Set<String> referenced = referencedInputs(module, text);
        JsonNode raw;
        try {
            raw = ModuleDocument.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new ModuleException(module, "module file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (raw == null || !raw.isObject()) throw new ModuleException(module, "module file must be a JSON object");
        Map<String, Input> inputs = declaredInputs(module, raw.get("inputs"));
        for (String name : referenced) {
            if (!inputs.containsKey(name)) {
                throw new ModuleException(
                        module,
                        "template uses {{" + name + "}} but \"inputs\" does not declare " + name + "; declared: "
                                + inputs.keySet());
            }
        }
        try {
            Template template = Mustache.compiler()
                    .withEscaper(ModuleTemplate::escapeJsonString)
                    .strictSections(true)
                    .compile(text);
            return new ModuleTemplate(module, Collections.unmodifiableMap(inputs), template);
        } catch (MustacheException e) {
            throw new ModuleException(module, "invalid template: " + e.getMessage(), e);
        }
    }

    Map<String, Input> inputs() {
        return inputs;
    }

    /** Renders with a value for every declared input. */
    String render(Map<String, String> values) throws ModuleException {
        try {
            return template.execute(values);
        } catch (MustacheException e) {
            throw new ModuleException(module, "cannot render template: " + e.getMessage(), e);
        }
    }

    /**
     * Walks the text as JSON and Mustache at once: collects the names of {{Name}} tags, rejecting
     * any other kind of tag and any tag that is not inside a JSON string.
     */
    private static Set<String> referencedInputs(String module, String text) throws ModuleException {
        Set<String> names = new LinkedHashSet<>();
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("{{", i)) {
                int end = text.indexOf("}}", i + 2);
                if (end < 0) throw new ModuleException(module, "unclosed '{{' at " + position(text, i));
                String tag = text.substring(i, end + 2);
                if (!inString) {
                    throw new ModuleException(
                            module,
                            tag + " at " + position(text, i)
                                    + " is outside a JSON string; tags may only appear inside quotes, e.g. \"{{Message}}\"");
                }
                String content = text.substring(i + 2, end).strip();
                if (content.startsWith("{") || content.startsWith("&")) {
                    throw new ModuleException(
                            module,
                            "unescaped tag " + tag + " at " + position(text, i)
                                    + " is not allowed; use {{Name}}, which escapes the input for JSON");
                }
                if (!content.startsWith("!")) {
                    if (!INPUT_NAME.matcher(content).matches()) {
                        throw new ModuleException(
                                module,
                                "unsupported tag " + tag + " at " + position(text, i)
                                        + "; module templates allow only {{Name}} variables (and {{! comments}})");
                    }
                    names.add(content);
                }
                i = end + 2;
                continue;
            }
            char c = text.charAt(i);
            if (inString && c == '\\') {
                if (text.startsWith("{{", i + 1)) {
                    throw new ModuleException(
                            module, "tag at " + position(text, i + 1) + " directly follows a backslash");
                }
                i += 2;
                continue;
            }
            if (c == '"') inString = !inString;
            i++;
        }
        return names;
    }

    private static Map<String, Input> declaredInputs(String module, JsonNode node) throws ModuleException {
        Map<String, Input> inputs = new LinkedHashMap<>();
        if (node == null || node.isNull()) return inputs;
        if (!node.isObject())
            throw new ModuleException(module, "\"inputs\" must be an object of name -> {default, description}");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            if (!INPUT_NAME.matcher(name).matches()) {
                throw new ModuleException(module, "input name '" + name + "' must be letters, digits and '_'");
            }
            if (!spec.isObject()) {
                throw new ModuleException(
                        module, "input " + name + " must be an object {\"default\": ..., \"description\": ...}");
            }
            for (String field : spec.propertyNames()) {
                if (!field.equals("default") && !field.equals("description")) {
                    throw new ModuleException(module, "input " + name + " has unknown field \"" + field + "\"");
                }
            }
            JsonNode defaultValue = spec.get("default");
            if (defaultValue != null && !defaultValue.isString()) {
                throw new ModuleException(module, "default of input " + name + " must be a string");
            }
            JsonNode description = spec.get("description");
            if (description != null && !description.isString()) {
                throw new ModuleException(module, "description of input " + name + " must be a string");
            }
            inputs.put(
                    name,
                    new Input(
                            name,
                            Optional.ofNullable(defaultValue).map(JsonNode::stringValue),
                            description == null ? "" : description.stringValue()));
        }
        return inputs;
    }

    /** Escapes text for the inside of a JSON string literal (RFC 8259 section 7). */
    static String escapeJsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }
}
