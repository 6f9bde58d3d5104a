package org.coophive.saas.files;

/** A file operation refused: the status tells which kind of refusal. */
public class FileStoreException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Reason {
        BAD_PATH,
        NOT_FOUND,
        READ_ONLY,
        EXISTS
    }

    private final Reason reason;

    public FileStoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
