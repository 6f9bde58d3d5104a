package org.coophive.mediator.mediations;

/** What a mediator decides about the results of a deal. */
enum Verdict {
    /** The results are correct: the RP is paid. */
    ACCEPT,
    /** The results are wrong: the RP's results collateral is slashed and the JC refunded. */
    REJECT
}
