package org.coophive.mediator.mediations;

import java.util.Objects;

/**
 * A verdict and why.
 *
 * @param verdict accept or reject
 * @param reason what was checked and found, for the log and the journal
 */
record Judgement(Verdict verdict, String reason) {

    Judgement {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    static Judgement accept(String reason) {
        return new Judgement(Verdict.ACCEPT, reason);
    }

    static Judgement reject(String reason) {
        return new Judgement(Verdict.REJECT, reason);
    }
}
