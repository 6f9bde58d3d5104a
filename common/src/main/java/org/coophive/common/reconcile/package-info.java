/**
 * The reconciler kit: what every party service (provider, mediator, job creator) is built from.
 *
 * <ul>
 *   <li>{@link org.coophive.common.reconcile.PassLoop}: one worker running a pass on a period and
 *       whenever triggered, triggers during a pass folded into one more pass, started and stopped
 *       with the application;
 *   <li>{@link org.coophive.common.reconcile.ReconcileTriggers}: the solver's event stream and chain
 *       event streams that make a pass come sooner (each service says which events concern it);
 *   <li>{@link org.coophive.common.reconcile.StepJournal}: one record file per deal, with the
 *       transaction hash of each step written down before the node gets the transaction;
 *   <li>{@link org.coophive.common.reconcile.ServiceRegistration}: the service's entry in the Users
 *       contract;
 *   <li>{@link org.coophive.common.reconcile.ChainSolverWiring}: the chain client, its event
 *       streams, the solver's URL and client, one {@code @Configuration} each service imports.
 * </ul>
 *
 * The journal files themselves are {@link org.coophive.common.journal.JournalFiles}, the chain
 * cursor {@link org.coophive.common.chain.CursorFile} and the bounded health checks
 * {@link org.coophive.common.health.TimedHealthIndicator}.
 */
package org.coophive.common.reconcile;
