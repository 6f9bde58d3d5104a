package org.coophive.jobcreator.api;

/** No job with this id. */
class JobNotFoundException extends RuntimeException {

    private final String jobId;

    JobNotFoundException(String jobId) {
        super("no job " + jobId);
        this.jobId = jobId;
    }

    String jobId() {
        return jobId;
    }
}
