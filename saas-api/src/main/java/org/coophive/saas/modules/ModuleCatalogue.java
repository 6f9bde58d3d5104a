package org.coophive.saas.modules;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.coophive.executor.JobSpec;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.module.ModuleReference;
import org.coophive.saas.config.SaasProperties;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The modules users can run ({@code saas-modules.json}), each checked at start against the
 * executor's catalogue: the module exists and renders with the form's defaults. Turns a form's
 * values into the module's inputs, refusing undeclared fields and values the form does not allow.
 */
@Service
public class ModuleCatalogue {

    private final Map<String, Product> products;
    private final ModuleLoader loader;

    ModuleCatalogue(SaasProperties properties) throws IOException {
        this.loader = new ModuleLoader(properties.moduleCacheDir());
        this.products = load(loader);
    }

    public List<Product> products() {
        return List.copyOf(products.values());
    }

    public Optional<Product> find(String id) {
        return Optional.ofNullable(id).map(products::get);
    }

    public Product require(String id) {
        return find(id).orElseThrow(() -> new UnknownModuleException(
                id == null ? "" : id.length() > 60 ? id.substring(0, 60) + "..." : id,
                String.join(", ", products.keySet())));
    }

    /**
     * The module inputs for these form values; a field left out takes its default.
     *
     * @throws InvalidInputException for a field the module's form does not have, a value too long
     *     or not of the field's pattern, or inputs the module refuses
     */
    public Map<String, String> inputs(Product product, Map<String, String> values) {
        Map<String, String> given = values == null ? Map.of() : values;
        for (String name : given.keySet()) {
            if (product.fields().stream().noneMatch(f -> f.name().equals(name))) {
                throw new InvalidInputException("module " + product.id() + " has no input '" + abbreviate(name)
                        + "'; its inputs: "
                        + product.fields().stream().map(Product.Field::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Product.Field field : product.fields()) {
            String value = given.getOrDefault(field.name(), field.defaultValue());
            if (value == null) throw new InvalidInputException("input '" + field.name() + "' must be a string");
            if (value.length() > field.maxLength()) {
                throw new InvalidInputException(
                        "input '" + field.name() + "' may have at most " + field.maxLength() + " characters");
            }
            if (value.chars().anyMatch(c -> c == 0)) {
                throw new InvalidInputException("input '" + field.name() + "' contains a NUL character");
            }
            if (!field.pattern().isEmpty() && !Pattern.matches(field.pattern(), value)) {
                throw new InvalidInputException(
                        "input '" + field.name() + "' must match " + field.pattern() + ": " + abbreviate(value));
            }
            inputs.put(field.input(), field.format().replace("%s", value));
        }
        try {
            loader.load(ModuleReference.parse(product.module()), inputs);
        } catch (ModuleException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        return inputs;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static Map<String, Product> load(ModuleLoader loader) throws IOException {
        JsonNode root;
        try (InputStream in = ModuleCatalogue.class.getClassLoader().getResourceAsStream("saas-modules.json")) {
            if (in == null) throw new IllegalStateException("saas-modules.json is missing from the classpath");
            root = JsonMapper.builder().build().readTree(in);
        }
        Map<String, Product> products = new LinkedHashMap<>();
        for (JsonNode node : root) {
            List<Product.Field> fields = new java.util.ArrayList<>();
            for (JsonNode f : node.path("fields")) {
                fields.add(new Product.Field(
                        f.path("name").asString(),
                        f.path("label").asString(),
                        f.path("input").asString(),
                        f.path("format").asString("%s"),
                        f.path("default").asString(""),
                        f.path("max_length").asInt(500),
                        f.path("multiline").asBoolean(false),
                        f.path("pattern").asString("")));
            }
            String module = node.path("module").asString();
            Map<String, String> defaults = new LinkedHashMap<>();
            fields.forEach(f -> defaults.put(f.input(), f.format().replace("%s", f.defaultValue())));
            JobSpec spec;
            try {
                spec = loader.load(ModuleReference.parse(module), defaults);
            } catch (ModuleException | IllegalArgumentException e) {
                throw new IllegalStateException(
                        "saas-modules.json: module " + module + " cannot be run: " + e.getMessage(), e);
            }
            Product product = new Product(
                    node.path("id").asString(),
                    module,
                    node.path("title").asString(),
                    node.path("description").asString(),
                    node.path("cost").asLong(),
                    node.path("output").asString("text"),
                    fields,
                    spec.gpus());
            products.put(product.id(), product);
        }
        return java.util.Collections.unmodifiableMap(products);
    }
}
