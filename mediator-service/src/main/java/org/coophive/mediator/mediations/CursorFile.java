package org.coophive.mediator.mediations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.coophive.common.chain.EventCursor;

/**
 * Where the {@code MediationRequested} stream stopped: one line {@code <block> <log index>} in a
 * file of the data directory, replaced atomically.
 */
final class CursorFile {

    private final Path file;

    CursorFile(Path file) {
        this.file = file;
    }

    Optional<EventCursor> read() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            String[] parts =
                    Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            return Optional.of(new EventCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event cursor " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the event cursor " + file + " is damaged: delete it to re-read events", e);
        }
    }

    void write(EventCursor cursor) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, cursor.blockNumber() + " " + cursor.logIndex() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event cursor " + file, e);
        }
    }
}
