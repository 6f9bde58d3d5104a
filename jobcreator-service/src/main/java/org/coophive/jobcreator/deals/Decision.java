package org.coophive.jobcreator.deals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How the job creator judged a deal's results: accept them (and pay) or ask a mediator to check them. */
public enum Decision {
    ACCEPT(Step.ACCEPT_RESULT),
    CHECK(Step.CHECK_RESULT);

    private final Step step;

    Decision(Step step) {
        this.step = step;
    }

    /** The transaction that carries the decision out. */
    public Step step() {
        return step;
    }

    /** Stored as the step's function name ({@code acceptResult}, {@code checkResult}), as job files always had it. */
    @JsonValue
    String function() {
        return step.function();
    }

    /** Reads a stored decision; {@code ""}, written for "not yet" before this type existed, reads as none. */
    @JsonCreator
    static Decision ofFunction(String function) {
        if (function == null || function.isEmpty()) return null;
        return Arrays.stream(values())
                .filter(d -> d.function().equals(function))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a decision: " + function));
    }
}
