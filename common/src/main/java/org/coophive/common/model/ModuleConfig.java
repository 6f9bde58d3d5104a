package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Which module a job runs: either a catalogue shortcut ({@code name}, e.g. {@code cowsay:v0.0.1})
 * or a git repository at a given ref with the path of the module template inside it. Once a
 * shortcut is expanded, {@code name} is cleared and {@code repo}, {@code hash} and {@code path}
 * are set. A module's id (what resource offers list in {@code modules}) is
 * {@link org.coophive.common.ids.ContentIds#of(Object) ContentIds.of} the expanded config.
 *
 * @param name catalogue shortcut, {@code ""} once expanded
 * @param repo https git URL, clonable without credentials
 * @param hash git tag, branch or commit
 * @param path path of the module template inside the repository, e.g. {@code /module.coophive}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModuleConfig(String name, String repo, String hash, String path) {

    public ModuleConfig {
        name = Components.text(name);
        repo = Components.text(repo);
        hash = Components.text(hash);
        path = Components.text(path);
    }

    /** A module named by its catalogue shortcut only. */
    public static ModuleConfig shortcut(String name) {
        return new ModuleConfig(name, "", "", "");
    }
}
