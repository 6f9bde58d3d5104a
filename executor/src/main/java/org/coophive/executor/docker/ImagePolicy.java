package org.coophive.executor.docker;

/** Whether the Docker executor may pull a job's image that is not present locally. */
public enum ImagePolicy {
    /** Never pull: a missing image fails the job at once. Tests and CI use this. */
    NEVER,
    /** Pull the image when it is not present locally. */
    IF_NOT_PRESENT
}
