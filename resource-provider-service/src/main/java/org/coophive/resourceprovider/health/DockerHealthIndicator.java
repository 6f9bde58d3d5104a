package org.coophive.resourceprovider.health;

import com.github.dockerjava.api.DockerClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the Docker engine answers a ping; shows its version. */
final class DockerHealthIndicator extends AbstractHealthIndicator {

    private final DockerClient docker;

    DockerHealthIndicator(DockerClient docker) {
        super("the Docker engine cannot be reached");
        this.docker = docker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        docker.pingCmd().exec();
        builder.up().withDetail("version", docker.versionCmd().exec().getVersion());
    }
}
