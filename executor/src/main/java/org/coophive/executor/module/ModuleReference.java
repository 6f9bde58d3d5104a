package org.coophive.executor.module;

import java.util.Objects;
import java.util.regex.Pattern;
import org.coophive.common.model.ModuleConfig;

/**
 * Which module to load: a {@link Catalogue} entry shipped with the executor, or a {@link
 * Repository} (a git repository at a tag, branch or commit, or a local folder).
 */
public sealed interface ModuleReference permits ModuleReference.Catalogue, ModuleReference.Repository {

    /** The module file inside a repository when none is given. */
    String DEFAULT_PATH = "/module.json";

    /** How the reference is shown to people, in logs and in {@link org.coophive.executor.JobSpec#module()}. */
    String label();

    /** The reference as it travels on the wire in job offers. */
    ModuleConfig toConfig();

    /**
     * Parses what a user types: {@code name:version}, a catalogue module (e.g. {@code
     * cowsay:v0.0.1}), or {@code host/owner/repo:ref}, a module in the https git repository
     * {@code https://host/owner/repo} at a tag, branch or commit, with its file at {@value
     * #DEFAULT_PATH} (the reference's third-party shortcut, e.g. {@code
     * github.com/someone/cowsay-module:v1}).
     *
     * @throws IllegalArgumentException when the text is neither form
     */
    static ModuleReference parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':') || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "invalid module reference '" + text + "': expected name:version, e.g. cowsay:v0.0.1");
        }
        String name = text.substring(0, colon);
        String version = text.substring(colon + 1);
        if (name.contains("/")) return new Repository("https://" + name, version, DEFAULT_PATH);
        return new Catalogue(name, version);
    }

    /**
     * The reference a wire {@link ModuleConfig} names: its {@code name} when set (a catalogue
     * shortcut, {@code repo}, {@code hash} and {@code path} are then ignored), else {@code repo}
     * at {@code hash} with the module file at {@code path} ({@value #DEFAULT_PATH} when empty).
     *
     * @throws IllegalArgumentException when neither a name nor a repository is given
     */
    static ModuleReference of(ModuleConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.name().isBlank()) return parse(config.name());
        if (config.repo().isBlank()) {
            throw new IllegalArgumentException("module config names neither a module (name) nor a repository (repo)");
        }
        return new Repository(config.repo(), config.hash(), config.path().isBlank() ? DEFAULT_PATH : config.path());
    }

    /**
     * A module of the catalogue shipped with the executor ({@code modules/<name>/<version>/module.json}
     * on the classpath).
     *
     * @param name e.g. {@code cowsay}
     * @param version e.g. {@code v0.0.1}
     */
    record Catalogue(String name, String version) implements ModuleReference {

        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
        private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

        public Catalogue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid module name '" + name
                        + "': lower-case letters, digits, '.', '_' and '-' only, e.g. cowsay");
            }
            if (!VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("invalid version '" + version + "' of module " + name
                        + ": letters, digits, '.', '_' and '-' only, e.g. v0.0.1");
            }
        }

        @Override
        public String label() {
            return name + ":" + version;
        }

        @Override
        public ModuleConfig toConfig() {
            return ModuleConfig.shortcut(label());
        }
    }

    /**
     * A module file in a git repository or a local folder.
     *
     * @param repo an https, ssh or {@code file://} git URL, or a local directory path
     * @param ref tag, branch or commit; for a local directory, empty means "the files as they are
     *     now" (for module authors trying a module before publishing it)
     * @param path the module file inside the repository, e.g. {@value #DEFAULT_PATH}
     */
    record Repository(String repo, String ref, String path) implements ModuleReference {

        public Repository {
            Objects.requireNonNull(repo, "repo");
            ref = ref == null ? "" : ref.strip();
            path = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
            if (repo.isBlank()) throw new IllegalArgumentException("module repository is empty");
        }

        @Override
        public String label() {
            return repo + (ref.isEmpty() ? "" : "@" + ref) + (path.equals(DEFAULT_PATH) ? "" : "#" + path);
        }

        @Override
        public ModuleConfig toConfig() {
            return new ModuleConfig("", repo, ref, path);
        }
    }
}
