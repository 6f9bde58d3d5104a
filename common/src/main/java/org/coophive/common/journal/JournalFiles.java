package org.coophive.common.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;

/**
 * The files of a party's journal (the provider's deals, offers and job outcomes, the mediator's
 * mediations, the job creator's jobs), one way for every service.
 *
 * <p><b>Writing</b> is atomic and durable: a temporary file, fsynced, renamed over the target, the
 * folder fsynced. After a crash or power loss the file holds the old content or the new, never half.
 * {@link #replace} is atomic only: the rename is not forced, so after a power loss (not a crash of
 * the process) the file may hold the version before; for a version that records only what can be
 * learnt again. Forcing the rename is most of a write's cost (about 12 ms of 13 on a loaded
 * development machine's ext4, against under 1 ms without it).
 *
 * <p><b>A file that cannot be read stops the service</b> ({@link #read} throws, naming the file).
 * The journal is what keeps a restarted service from taking a step twice or forgetting one it took;
 * with atomic writes a file only goes bad through a damaged disk or a hand edit, and skipping it
 * (what the job creator used to do) would silently forget a deal that holds money. The operator
 * restores the file or moves it away on purpose.
 */
public final class JournalFiles {

    private JournalFiles() {}

    /**
     * Replaces {@code file} with {@code content}, atomically and durably, creating its folder.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public static void write(Path file, byte[] content) {
        write(file, content, true);
    }

    /**
     * Replaces {@code file} with {@code content} atomically, not durably: the new content is forced
     * to disk before the rename (never half a file, whatever happens), the rename is not (after a
     * power loss the file may hold its content before). Creates its folder.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public static void replace(Path file, byte[] content) {
        write(file, content, false);
    }

    private static void write(Path file, byte[] content, boolean durable) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durable) forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes {@code value} as JSON with {@code mapper}.
     *
     * @see #write(Path, byte[])
     */
    public static void writeJson(Path file, ObjectMapper mapper, Object value) {
        write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /**
     * Writes {@code value} as JSON with {@code mapper}, atomically but not durably.
     *
     * @see #replace(Path, byte[])
     */
    public static void replaceJson(Path file, ObjectMapper mapper, Object value) {
        replace(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /**
     * Reads a JSON file of the journal.
     *
     * @return empty when there is no such file
     * @throws IllegalStateException naming the file when it exists and cannot be read as a
     *     {@code type}: the service stops rather than forget what the file records
     */
    public static <T> Optional<T> readJson(Path file, ObjectMapper mapper, Class<T> type) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            T value = mapper.readValue(file.toFile(), type);
            if (value == null) throw new IllegalStateException("it is empty (null)");
            return Optional.of(value);
        } catch (RuntimeException e) { // Jackson's errors, and a record's own checks
            throw unreadable(file, e);
        }
    }

    private static IllegalStateException unreadable(Path file, Exception e) {
        return new IllegalStateException(
                "the journal file " + file.toAbsolutePath() + " cannot be read (" + e.getMessage()
                        + "): the service stops rather than forget what it records; restore it, or move it away"
                        + " if you are sure its deal needs nothing more",
                e);
    }

    /** Makes the rename durable; some file systems cannot open a directory, which then has to do. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform syncs a directory; the rename itself is still atomic.
        }
    }
}
