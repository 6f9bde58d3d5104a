/**
 * Runs jobs: modules (catalogue, git, templating), the Docker and Bacalhau executors, and
 * deterministic result packaging so that a mediator's re-run yields the same result CID.
 */
package org.coophive.executor;
