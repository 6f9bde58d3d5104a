package org.coophive.saas.jobs;

/** No job with this id among the caller's jobs (another user's job is "not found" too). */
public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String id) {
        super("no job " + (id.length() > 60 ? id.substring(0, 60) + "..." : id));
    }
}
