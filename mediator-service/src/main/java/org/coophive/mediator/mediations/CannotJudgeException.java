package org.coophive.mediator.mediations;

/**
 * The mediator could not reach a verdict. It never guesses: a deal it cannot judge stays in
 * ResultsChecked until it can, or until the JC or RP claims the mediate timeout, which gives
 * everyone back what they locked.
 */
class CannotJudgeException extends Exception {

    private final boolean retryable;

    /**
     * @param retryable whether a later pass may succeed (solver or engine unreachable, module not
     *     fetched); {@code false} when trying again would only repeat the same costly failure
     */
    CannotJudgeException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    CannotJudgeException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    boolean retryable() {
        return retryable;
    }
}
