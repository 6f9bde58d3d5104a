package org.coophive.systemtests;

import org.testcontainers.utility.DockerImageName;

/**
 * The images of docker/ (docker/build-service-images.sh builds them before the ITs; none is ever
 * pulled). The service image is tagged with the project's version.
 */
final class ContainerImages {

    static final DockerImageName COOPHIVE = DockerImageName.parse(
            "coophive/coophive:" + System.getProperty("coophive.project.version", "0.1.0-SNAPSHOT"));
    static final DockerImageName ANVIL = DockerImageName.parse("coophive/anvil:1.7.1");
    static final DockerImageName POSTGRES = DockerImageName.parse("coophive/postgres:15");

    private ContainerImages() {}
}
