package org.coophive.saas.jobs;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code jobCreator} in /actuator/health: whether the job creator daemon answers. */
@Component("jobCreator")
class JobCreatorHealthIndicator implements HealthIndicator {

    private final JobCreatorClient daemon;

    JobCreatorHealthIndicator(JobCreatorClient daemon) {
        this.daemon = daemon;
    }

    @Override
    public Health health() {
        return daemon.healthy()
                ? Health.up().withDetail("url", daemon.url()).build()
                : Health.down()
                        .withDetail("url", daemon.url())
                        .withDetail("error", "not reachable or not UP")
                        .build();
    }
}
