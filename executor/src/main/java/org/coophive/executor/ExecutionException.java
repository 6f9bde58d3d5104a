package org.coophive.executor;

/** A job could not run at all; {@link #reason()} says why, the message says it to a person. */
public class ExecutionException extends Exception {

    private final Reason reason;

    public ExecutionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ExecutionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why a job could not run. */
    public enum Reason {
        /** The image is not present locally and the image policy forbids pulling it. */
        IMAGE_NOT_FOUND,
        /** The job needs a GPU and the engine has no GPU runtime. */
        GPU_UNAVAILABLE,
        /** The container engine or remote executor cannot be reached or refused the job. */
        ENGINE_UNAVAILABLE,
        /** The result directory cannot be written. */
        RESULT_DIRECTORY,
        /** The job asks for privileges (root, capabilities, a writable root) the executor does not grant. */
        NOT_GRANTED,
        /** Anything else the executor could not do. */
        OTHER
    }
}
