package org.coophive.jobcreator.deals;

import java.util.List;
import org.coophive.common.model.Violation;

/** A job that cannot be run as asked: its module cannot be loaded, an input is missing, a limit is invalid. */
public class InvalidJobException extends Exception {

    private final transient List<Violation> violations;

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
        this.violations = List.of();
    }

    /** A job that breaks the model's bounds ({@code ModelValidator}): one violation per field. */
    public InvalidJobException(List<Violation> violations, String message) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    /** The offending fields, each with its message; empty when the problem is not one of fields. */
    public List<Violation> violations() {
        return violations;
    }
}
