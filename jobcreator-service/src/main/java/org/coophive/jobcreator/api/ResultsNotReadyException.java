package org.coophive.jobcreator.api;

/** The job's results are not downloaded (yet, or ever). */
class ResultsNotReadyException extends RuntimeException {

    ResultsNotReadyException(String jobId, String state) {
        super("job " + jobId + " has no downloaded results: " + state);
    }
}
