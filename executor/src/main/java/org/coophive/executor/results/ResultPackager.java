package org.coophive.executor.results;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.coophive.common.ids.ContentIds;

/**
 * Packs a result directory into a deterministic tar: the same names, contents and executable bits
 * give the same bytes, and so the same data id, on any machine, whatever the files' timestamps,
 * owners, umask or creation order.
 *
 * <p>The rules (also in {@code executor/RESULTS.md}):
 *
 * <ul>
 *   <li>every directory (name ending in {@code /}) and regular file below the result directory,
 *       the directory itself excluded, named relative to it with {@code /} separators;
 *   <li>entries sorted by the byte order of their UTF-8 names;
 *   <li>mtime 0, uid and gid 0, empty user and group names, device numbers 0;
 *   <li>mode {@code 0755} for directories and for files whose owner may execute them, {@code
 *       0644} for all other files;
 *   <li>POSIX ustar headers; a name longer than 100 bytes or not ASCII gets a PAX {@code path}
 *       record; a file of 8 GiB or more gets a PAX {@code size} record;
 *   <li>a symbolic link, device, FIFO or socket anywhere in the directory is refused with {@link
 *       UnsafeResultEntryException}: a job could otherwise smuggle a host path into the result.
 * </ul>
 */
public final class ResultPackager {

    static final int DIRECTORY_MODE = 0755;
    static final int EXECUTABLE_MODE = 0755;
    static final int FILE_MODE = 0644;

    private ResultPackager() {}

    /**
     * Writes the deterministic tar of {@code resultDir} to {@code tarFile} (replaced if present) and
     * computes its data id.
     *
     * @param tarFile where the tar goes; must lie outside {@code resultDir}
     * @throws UnsafeResultEntryException if the directory holds a link, device, FIFO or socket
     *     (no tar is left behind)
     * @throws IOException if the directory cannot be read or the tar cannot be written
     */
    public static PackagedResult pack(Path resultDir, Path tarFile) throws IOException {
        Path root = resultDir.toAbsolutePath().normalize();
        BasicFileAttributes rootAttributes =
                Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!rootAttributes.isDirectory()) {
            throw new NotDirectoryException(root + " (the result directory must be a directory, not a link)");
        }
        Path target = tarFile.toAbsolutePath().normalize();
        if (target.startsWith(root)) {
            throw new IllegalArgumentException(
                    "the tar file " + target + " must lie outside the result directory " + root);
        }

        List<Entry> entries = collect(root);
        entries.sort(Comparator.comparing(Entry::nameBytes, Arrays::compareUnsigned));

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry entry : entries) {
                write(tar, entry);
            }
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new PackagedResult(target, ContentIds.ofFile(target), Files.size(target));
    }

    private static void write(TarArchiveOutputStream tar, Entry entry) throws IOException {
        TarArchiveEntry header =
                new TarArchiveEntry(entry.name(), entry.directory() ? TarConstants.LF_DIR : TarConstants.LF_NORMAL);
        normalise(header);
        header.setMode(entry.mode());
        header.setSize(entry.directory() ? 0 : entry.size());
        tar.putArchiveEntry(header);
        if (!entry.directory()) {
            // NOFOLLOW_LINKS: a file swapped for a link after the walk is refused, not followed.
            try (InputStream in = Files.newInputStream(entry.path(), LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /** Clears everything host-specific a new tar header carries (the user name comes from the JVM). */
    static void normalise(TarArchiveEntry header) {
        header.setModTime(0L);
        header.setUserId(0L);
        header.setGroupId(0L);
        header.setUserName("");
        header.setGroupName("");
        header.setDevMajor(0);
        header.setDevMinor(0);
    }

    private static List<Entry> collect(Path root) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(root)) {
                    entries.add(new Entry(dir, name(root, dir) + "/", true, DIRECTORY_MODE, 0));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = name(root, file);
                if (attributes.isSymbolicLink()) {
                    throw new UnsafeResultEntryException(
                            name, "it is a symbolic link; results hold only regular files");
                }
                if (!attributes.isRegularFile()) {
                    throw new UnsafeResultEntryException(
                            name, "it is a device, FIFO or socket; results hold only regular files");
                }
                int mode = ownerMayExecute(file, attributes) ? EXECUTABLE_MODE : FILE_MODE;
                entries.add(new Entry(file, name, false, mode, attributes.size()));
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static boolean ownerMayExecute(Path file, BasicFileAttributes attributes) throws IOException {
        // Only the owner's bit: group and other bits follow the umask. Files.isExecutable would
        // answer for the current user instead (for root: any execute bit).
        PosixFileAttributes posix = attributes instanceof PosixFileAttributes known
                ? known
                : file.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        : null;
        return posix != null
                ? posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE)
                : Files.isExecutable(file);
    }

    private static String name(Path root, Path path) {
        StringJoiner name = new StringJoiner("/");
        for (Path segment : root.relativize(path)) {
            name.add(segment.toString());
        }
        return name.toString();
    }

    private record Entry(Path path, String name, boolean directory, int mode, long size) {
        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }
}
