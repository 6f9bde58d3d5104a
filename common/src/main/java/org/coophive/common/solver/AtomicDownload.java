package org.coophive.common.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * A download into a file that is either complete or untouched: the body goes to a temporary file
 * beside the target, moved into place only once the whole body has arrived.
 */
final class AtomicDownload implements AutoCloseable {

    private final Path target;
    private final Path temp;

    /**
     * Prepares a download to {@code target}, creating its directory if needed.
     *
     * @throws UncheckedIOException if the directory or the temporary file cannot be created
     */
    AtomicDownload(Path target) {
        this.target = target.toAbsolutePath();
        try {
            Files.createDirectories(this.target.getParent());
            this.temp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file beside " + this.target, e);
        }
    }

    /** A body subscriber writing to the temporary file, from its start. */
    Supplier<HttpResponse.BodySubscriber<Path>> body() {
        return () -> HttpResponse.BodySubscribers.ofFile(
                temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Moves the completed download into place, replacing the target. */
    void complete() {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the download into " + target, e);
        }
    }

    /** Removes the temporary file if the download did not complete. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the partial download " + temp, e);
        }
    }
}
