/**
 * The solver client: {@link org.coophive.common.solver.SolverClient} for every route of the
 * solver's HTTP API (implemented by {@link org.coophive.common.solver.HttpSolverClient}, which
 * signs its requests, retries outages with capped backoff and turns Problem Details into typed
 * {@link org.coophive.common.solver.SolverException}s), and {@link
 * org.coophive.common.solver.SolverEventStream} for the solver's WebSocket events.
 *
 * <p>The API itself is documented in {@code common/SOLVER-API.md}.
 */
package org.coophive.common.solver;
