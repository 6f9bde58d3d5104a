package org.coophive.executor.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts a result tar (one made by {@link ResultPackager}, or an archive of a job's outputs)
 * into a directory, refusing anything that could write outside it: absolute names, {@code ..}
 * segments, symbolic and hard links, devices and FIFOs, and a name that reappears. Files get mode
 * {@code 0755} if the archive marks them executable by their owner, {@code 0644} otherwise;
 * directories {@code 0755}.
 */
public final class ResultUnpacker {

    private ResultUnpacker() {}

    /**
     * Extracts {@code tar} into {@code dir} (created if missing). The stream is read to the end of
     * the archive and not closed.
     *
     * @throws UnsafeResultEntryException naming the first entry that is refused; entries before it
     *     may already have been written
     * @throws IOException if the archive is malformed or the directory cannot be written
     */
    public static void unpack(InputStream tar, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            String name = entry.getName();
            Path relative = safeRelativePath(name);
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new UnsafeResultEntryException(name, "links are not allowed in results");
            }
            byte type = entry.getLinkFlag();
            boolean plain = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
            boolean directory = type == TarConstants.LF_DIR || (plain && name.endsWith("/"));
            if (!directory && !plain && type != TarConstants.LF_CONTIG) {
                throw new UnsafeResultEntryException(
                        name, "only directories and regular files are allowed in results (type '" + (char) type + "')");
            }
            if (relative == null) {
                continue; // "./": the directory itself
            }
            Path target = root.resolve(relative);
            refuseLinkedAncestors(root, target, name);
            if (directory) {
                Files.createDirectories(target);
                setMode(target, ResultPackager.DIRECTORY_MODE);
            } else {
                Files.createDirectories(target.getParent());
                try {
                    // Files.copy creates the file exclusively: an existing file or link is never reused.
                    Files.copy(in, target);
                } catch (FileAlreadyExistsException e) {
                    UnsafeResultEntryException refused =
                            new UnsafeResultEntryException(name, "the archive names this file twice");
                    refused.initCause(e);
                    throw refused;
                }
                boolean executable = (entry.getMode() & 0100) != 0;
                setMode(target, executable ? ResultPackager.EXECUTABLE_MODE : ResultPackager.FILE_MODE);
            }
        }
    }

    /** The entry's name as a relative path, {@code null} for the archive root, or a refusal. */
    static Path safeRelativePath(String name) throws UnsafeResultEntryException {
        if (name.isEmpty()) throw new UnsafeResultEntryException(name, "the name is empty");
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafeResultEntryException(name, "absolute paths are not allowed in results");
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new UnsafeResultEntryException(name, "backslashes and NUL are not allowed in result names");
        }
        StringBuilder clean = new StringBuilder();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeResultEntryException(name, "'..' segments are not allowed in results");
            }
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (clean.length() > 0) clean.append('/');
            clean.append(segment);
        }
        return clean.length() == 0 ? null : Path.of(clean.toString());
    }

    private static void refuseLinkedAncestors(Path root, Path target, String name) throws IOException {
        for (Path p = target; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeResultEntryException(name, "it would be written through the symbolic link " + p);
            }
        }
        if (!target.normalize().startsWith(root)) {
            throw new UnsafeResultEntryException(name, "it would land outside " + root);
        }
    }

    private static void setMode(Path path, int mode) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(PosixFilePermissions.fromString(mode == 0755 ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
