package org.coophive.mediator.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where the solver is: the URL it registered in the Users contract, or {@code SERVICE_SOLVER_URL}.
 *
 * @param url the solver's base URL (without {@code /api/v1})
 */
public record SolverUrl(URI url) {

    public SolverUrl {
        Objects.requireNonNull(url, "url");
    }
}
