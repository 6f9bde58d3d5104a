package org.coophive.jobcreator.run;

import org.coophive.jobcreator.deals.Outcome;

/** The exit codes of {@code run}, one per way a job can end (README.md lists them). */
final class ExitCodes {

    /** The job ran, exited 0 and its results were accepted. */
    static final int SUCCESS = 0;
    /** The job ran and failed: non-zero exit inside the container, an error from the provider, or wrong results. */
    static final int JOB_FAILED = 1;
    /** Bad usage or configuration: a missing variable, an unknown module, a missing input. */
    static final int USAGE = 2;
    /** No resource offer matched in time (the explanation is printed). */
    static final int NO_MATCH = 3;
    /** A deadline passed: {@code --timeout}, or a deal timeout that was claimed. */
    static final int TIMED_OUT = 4;
    /** The chain could not be reached. */
    static final int CHAIN_UNREACHABLE = 5;
    /** The solver could not be reached (or is not registered). */
    static final int SOLVER_UNREACHABLE = 6;
    /** The deal the solver proposed differed from the offer: not agreed. */
    static final int TERMS_REFUSED = 7;
    /** Interrupted (Ctrl-C): 128 + SIGINT. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    static int of(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCESS;
            case JOB_FAILED, RESULTS_REJECTED -> JOB_FAILED;
            case NO_MATCH -> NO_MATCH;
            case TIMED_OUT -> TIMED_OUT;
            case TERMS_REFUSED -> TERMS_REFUSED;
            case ERROR -> USAGE;
        };
    }
}
