package org.coophive.common.reconcile;

import java.net.URI;
import java.util.Objects;

/**
 * Where the solver is: the URL it registered in the Users contract, or {@code SERVICE_SOLVER_URL}
 * ({@link org.coophive.common.config.SolverLocator}).
 *
 * @param url the solver's base URL (without {@code /api/v1})
 */
public record SolverEndpoint(URI url) {

    public SolverEndpoint {
        Objects.requireNonNull(url, "url");
    }
}
