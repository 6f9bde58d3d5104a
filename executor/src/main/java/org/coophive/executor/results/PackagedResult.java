package org.coophive.executor.results;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A result directory packed by {@link ResultPackager}.
 *
 * @param tar the deterministic tar file
 * @param dataId the content id of the tar's bytes ({@code ContentIds.ofFile(tar)}): what a
 *     resource provider posts and a mediator compares
 * @param size the tar's size in bytes
 */
public record PackagedResult(Path tar, String dataId, long size) {

    public PackagedResult {
        Objects.requireNonNull(tar, "tar");
        Objects.requireNonNull(dataId, "dataId");
        if (size < 0) throw new IllegalArgumentException("size must not be negative: " + size);
    }
}
