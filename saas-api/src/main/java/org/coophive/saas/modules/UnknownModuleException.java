package org.coophive.saas.modules;

public class UnknownModuleException extends RuntimeException {
    public UnknownModuleException(String id, String known) {
        super("unknown module '" + id + "'; modules: " + known);
    }
}
