/**
 * The Bacalhau executor: runs a {@link org.coophive.executor.JobSpec} on a Bacalhau network
 * through its v1 orchestrator REST API and writes the result directory in the common layout.
 */
package org.coophive.executor.bacalhau;
