package org.coophive.executor.module;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.coophive.common.model.ModuleConfig;
import org.coophive.executor.JobSpec;

/**
 * Turns a module reference and the user's inputs into a {@link JobSpec}: finds the module file
 * (catalogue, git repository or local folder), checks the inputs against those the module
 * declares, renders the template with every input escaped for JSON, and reads the result. Every
 * problem is a {@link ModuleException} thrown before anything runs.
 *
 * <p>Loading a git module clones its repository into {@code cacheDir} once; later loads of a
 * commit it already holds need no network. Safe for concurrent use.
 *
 * <p>A local folder or {@code file:} repository is read from this machine's disk: a service
 * loading modules named by other parties should accept only catalogue and remote references
 * (see {@link #loadRemoteOnly(ModuleConfig, Map)}).
 */
public final class ModuleLoader {

    private final ModuleCatalogue catalogue;
    private final RepositoryModules repositories;

    /**
     * @param cacheDir where git repositories of modules are cloned (created when needed)
     */
    public ModuleLoader(Path cacheDir) {
        this.catalogue = new ModuleCatalogue(ModuleLoader.class.getClassLoader());
        this.repositories = new RepositoryModules(Objects.requireNonNull(cacheDir, "cacheDir"));
    }

    /** The catalogue shipped with the executor: module name to its versions. */
    public Map<String, List<String>> catalogue() {
        return catalogue.modules();
    }

    /**
     * Loads a module and renders it with {@code inputs}.
     *
     * @param inputs input name to value, as given with {@code -i Name=value}; inputs the module
     *     declares with a default may be left out
     * @throws ModuleException when the module cannot be found or read, an input is missing or not
     *     declared by the module, or the template or its rendering is invalid
     */
    public JobSpec load(ModuleReference ref, Map<String, String> inputs) throws ModuleException {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(inputs, "inputs");
        String module = ref.label();
        String text;
        if (ref instanceof ModuleReference.Catalogue entry) {
            text = catalogue.read(entry);
        } else {
            text = repositories.read((ModuleReference.Repository) ref);
        }
        ModuleTemplate template = ModuleTemplate.parse(module, text);
        String rendered = template.render(values(module, template, inputs));
        return ModuleDocument.toJobSpec(module, rendered);
    }

    /**
     * Loads the module a wire {@link ModuleConfig} names (see {@link ModuleReference#of}).
     *
     * @throws ModuleException as {@link #load(ModuleReference, Map)}, and when the config names no
     *     module
     */
    public JobSpec load(ModuleConfig config, Map<String, String> inputs) throws ModuleException {
        return load(reference(config), inputs);
    }

    /**
     * Like {@link #load(ModuleConfig, Map)} but refuses local folders and {@code file:} URLs: for
     * services that load modules named by other parties, which must not read this machine's disk.
     */
    public JobSpec loadRemoteOnly(ModuleConfig config, Map<String, String> inputs) throws ModuleException {
        ModuleReference ref = reference(config);
        if (ref instanceof ModuleReference.Repository repository && RepositoryModules.isLocal(repository.repo())) {
            throw new ModuleException(ref.label(), "local folders and file: repositories are not accepted here");
        }
        return load(ref, inputs);
    }

    /** How many git clones this loader made; a repository already cached is not cloned again. */
    int cloneCount() {
        return repositories.cloneCount();
    }

    private static ModuleReference reference(ModuleConfig config) throws ModuleException {
        Objects.requireNonNull(config, "config");
        try {
            return ModuleReference.of(config);
        } catch (IllegalArgumentException e) {
            String label =
                    !config.name().isBlank() ? config.name() : config.repo().isBlank() ? "(none)" : config.repo();
            throw new ModuleException(label, e.getMessage(), e);
        }
    }

    private static Map<String, String> values(String module, ModuleTemplate template, Map<String, String> inputs)
            throws ModuleException {
        Map<String, ModuleTemplate.Input> declared = template.inputs();
        for (Map.Entry<String, String> given : inputs.entrySet()) {
            if (!declared.containsKey(given.getKey())) {
                throw new ModuleException(
                        module,
                        "unknown input '" + given.getKey() + "'; this module takes: "
                                + (declared.isEmpty() ? "no inputs" : String.join(", ", declared.keySet())));
            }
            if (given.getValue() == null)
                throw new ModuleException(module, "input '" + given.getKey() + "' has no value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ModuleTemplate.Input input : declared.values()) {
            String value = inputs.containsKey(input.name())
                    ? inputs.get(input.name())
                    : input.defaultValue().orElse(null);
            if (value == null) {
                throw new ModuleException(
                        module,
                        "missing required input '" + input.name() + "'"
                                + (input.description().isEmpty() ? "" : " (" + input.description() + ")")
                                + "; give it with -i " + input.name() + "=...");
            }
            values.put(input.name(), value);
        }
        return values;
    }
}
