package org.coophive.executor.module;

/**
 * A module could not be turned into a job: unknown module or version, missing or undeclared
 * input, unreachable repository, unknown ref, missing module file, or an invalid template. Thrown
 * before anything runs; the message names the module and the problem.
 */
public class ModuleException extends Exception {

    private final String module;

    public ModuleException(String module, String message) {
        super("module " + module + ": " + message);
        this.module = module;
    }

    public ModuleException(String module, String message, Throwable cause) {
        super("module " + module + ": " + message, cause);
        this.module = module;
    }

    /** The module reference as the user gave it, e.g. {@code cowsay:v0.0.1}. */
    public String module() {
        return module;
    }
}
