package org.coophive.saas.jobs;

/** The job creator daemon could not take a job; the job's credits were refunded. */
public class JobCreatorUnavailableException extends RuntimeException {
    public JobCreatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
