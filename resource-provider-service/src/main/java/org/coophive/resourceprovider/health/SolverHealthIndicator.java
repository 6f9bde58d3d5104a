package org.coophive.resourceprovider.health;

import java.net.URI;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the solver answers; shows how many of this provider's offers it holds active. */
final class SolverHealthIndicator extends AbstractHealthIndicator {

    private final SolverClient solver;
    private final URI url;
    private final String self;

    SolverHealthIndicator(SolverClient solver, URI url, String self) {
        super("the solver cannot be reached");
        this.solver = solver;
        this.url = url;
        this.self = self;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        int active = solver.resourceOffers(
                        ResourceOfferQuery.byResourceProvider(self).activeOnly())
                .size();
        builder.up().withDetail("url", url.toString()).withDetail("activeOffers", active);
    }
}
