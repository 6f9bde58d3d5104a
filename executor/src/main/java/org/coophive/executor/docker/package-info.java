/**
 * The Docker executor: runs a {@link org.coophive.executor.JobSpec} as one locked-down
 * container on the local engine through docker-java and writes the result directory.
 */
package org.coophive.executor.docker;
