package org.coophive.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Removes what a provider killed by a test ({@code kill -9}, no restart) left on the engine: its
 * spare outputs volumes with their holders, and its job containers. A provider that restarts on the
 * same data folder sweeps them itself; a test's temporary data folder never comes back.
 */
public final class DockerLeftovers {

    private DockerLeftovers() {}

    /** Removes the leftovers of the provider whose data folder was {@code dataDir}, on this host. */
    public static void removeOf(DockerClient docker, Path dataDir) {
        String suffix = ":" + dataDir;
        for (String label : List.of(OutputsSpace.SPARE_LABEL, DockerExecutor.OWNER_LABEL)) {
            for (Container container : docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(List.of(label))
                    .exec()) {
                Map<String, String> labels = container.getLabels();
                if (labels == null || !labels.getOrDefault(label, "").endsWith(suffix)) continue;
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (NotFoundException e) {
                    // Removed meanwhile.
                }
            }
        }
        var volumes = docker.listVolumesCmd()
                .withFilter("label", List.of(OutputsSpace.SPARE_LABEL))
                .exec()
                .getVolumes();
        if (volumes == null) return;
        for (var volume : volumes) {
            Map<String, String> labels = volume.getLabels();
            if (labels == null
                    || !labels.getOrDefault(OutputsSpace.SPARE_LABEL, "").endsWith(suffix)) continue;
            try {
                docker.removeVolumeCmd(volume.getName()).exec();
            } catch (NotFoundException e) {
                // Removed meanwhile.
            }
        }
    }
}
