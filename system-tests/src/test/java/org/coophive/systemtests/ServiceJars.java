package org.coophive.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reactor put each service's executable jar. */
final class ServiceJars {

    private ServiceJars() {}

    static Path jar(String module) {
        String projectDir = System.getProperty("coophive.project.dir", "..");
        String version = System.getProperty("coophive.project.version", "0.1.0-SNAPSHOT");
        Path jar = Path.of(projectDir, module, "target", module + "-" + version + ".jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no " + jar + ": build the services first (./mvnw -DskipTests package, or run the whole reactor)");
        }
        return jar;
    }
}
