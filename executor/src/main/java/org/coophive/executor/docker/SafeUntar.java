package org.coophive.executor.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.coophive.executor.ResultLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the tar the engine returns for a container directory. The archive comes from code the
 * provider does not trust, so only plain files and directories are written, and only below the
 * target: links, devices and fifos are skipped, and a path that is absolute or climbs out with
 * {@code ..} fails the extraction.
 */
final class SafeUntar {

    private static final Logger log = LoggerFactory.getLogger(SafeUntar.class);

    private SafeUntar() {}

    /**
     * Extracts {@code tar} into {@code target}, dropping the first path component (the engine
     * names every entry after the copied directory, e.g. {@code outputs/a.txt}).
     *
     * @throws IOException on a read or write error, or an entry that would land outside {@code target}
     */
    static void extractStrippingFirstComponent(InputStream tar, Path target) throws IOException {
        extractStrippingFirstComponent(tar, target, Long.MAX_VALUE);
    }

    /**
     * As {@link #extractStrippingFirstComponent(InputStream, Path)}, stopping as soon as the
     * entries, counting {@link ResultLimits#ENTRY_OVERHEAD} each, pass {@code budget} bytes: the
     * rest of the archive is not read.
     *
     * @throws TooLargeException when the budget is passed (what was extracted stays)
     */
    static void extractStrippingFirstComponent(InputStream tar, Path target, long budget) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        long used = 0;
        while ((entry = in.getNextEntry()) != null) {
            String name = entry.getName();
            if (name.startsWith("/") || name.contains("\\")) {
                throw new IOException("refusing tar entry with an absolute path: " + name);
            }
            for (String part : name.split("/")) {
                if (part.equals("..")) throw new IOException("refusing tar entry that climbs out: " + name);
            }
            int slash = name.indexOf('/');
            String relative = slash < 0 ? "" : name.substring(slash + 1);
            if (relative.isEmpty()) continue; // the copied directory itself
            used += ResultLimits.ENTRY_OVERHEAD + (isPlainFile(entry) ? Math.max(0, entry.getSize()) : 0);
            if (used > budget) throw new TooLargeException(used);
            Path destination = root.resolve(relative).normalize();
            if (!destination.startsWith(root)) {
                throw new IOException("refusing tar entry outside the target: " + name);
            }
            if (entry.isDirectory()) {
                Files.createDirectories(destination);
            } else if (isPlainFile(entry)) {
                Files.createDirectories(destination.getParent());
                Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Links could point anywhere on the provider's disk; devices and fifos are no data.
                log.warn("skipping output {}: only regular files and directories are collected", name);
            }
        }
    }

    /** The archive holds more than the budget: at least {@link #atLeast()} bytes. */
    static final class TooLargeException extends IOException {
        private final long atLeast;

        TooLargeException(long atLeast) {
            super("more than the budget: at least " + atLeast + " bytes");
            this.atLeast = atLeast;
        }

        long atLeast() {
            return atLeast;
        }
    }

    /** Not {@link TarArchiveEntry#isFile()}: that is true for symbolic and hard links too. */
    private static boolean isPlainFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }
}
