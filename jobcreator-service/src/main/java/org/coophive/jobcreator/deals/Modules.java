package org.coophive.jobcreator.deals;

import java.util.Map;
import org.coophive.common.model.ModuleConfig;
import org.coophive.executor.JobSpec;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.module.ModuleLoader;

/** Loads modules; an interface over {@link ModuleLoader} so that tests can swap it. */
@FunctionalInterface
public interface Modules {

    /** The rendered module, or why it cannot be loaded. */
    JobSpec load(ModuleConfig module, Map<String, String> inputs) throws ModuleException;

    /** Modules from the catalogue and remote git repositories, never this machine's folders. */
    static Modules remoteOnly(ModuleLoader loader) {
        return loader::loadRemoteOnly;
    }

    /** Modules from anywhere the user names, local folders included: for the user's own CLI. */
    static Modules any(ModuleLoader loader) {
        return loader::load;
    }
}
