package org.coophive.jobcreator.deals;

/** How a job ended. */
public enum Outcome {
    /** Results accepted (by the job creator or a mediator) and the job exited 0. */
    SUCCEEDED,
    /** The job ran but failed: a non-zero exit inside the container, or the provider reported an error. */
    JOB_FAILED,
    /** A mediator found the results wrong: the provider was slashed and the payment refunded. */
    RESULTS_REJECTED,
    /** No resource offer matched within the match timeout. */
    NO_MATCH,
    /** The deal the solver proposed differs from the offer: not agreed. */
    TERMS_REFUSED,
    /** A deadline passed: the resource provider did not agree or post results, or no mediator answered. */
    TIMED_OUT,
    /** The job could not be carried out here (for example its module cannot be loaded). */
    ERROR;

    /** Whether the job's results were delivered (possibly of a failed run). */
    public boolean delivered() {
        return this == SUCCEEDED || this == JOB_FAILED;
    }
}
