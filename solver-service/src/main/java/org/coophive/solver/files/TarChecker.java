package org.coophive.solver.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks that a result tar holds only what a result directory can: regular files and
 * directories, under relative paths that stay inside it. Links, devices, FIFOs, absolute paths
 * and {@code ..} are refused, naming the entry, because whoever unpacks the tar (a job creator, a
 * mediator) must not have files written outside its target or special files created.
 */
final class TarChecker {

    private TarChecker() {}

    /**
     * What is wrong with the tar, or empty if nothing.
     *
     * @throws IOException if reading the stream fails
     */
    static Optional<String> problem(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        int entries = 0;
        try {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries++;
                Optional<String> problem = problem(entry);
                if (problem.isPresent()) return problem;
            }
        } catch (IOException | IllegalArgumentException e) {
            // commons-compress reports a damaged header either way; both mean "not a tar we take".
            return Optional.of("not a valid tar archive after " + entries + " entries: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<String> problem(TarArchiveEntry entry) {
        String name = entry.getName();
        if (entry.isSymbolicLink())
            return Optional.of("entry " + name + " is a symbolic link to " + entry.getLinkName());
        if (entry.isLink()) return Optional.of("entry " + name + " is a hard link to " + entry.getLinkName());
        if (entry.isCharacterDevice() || entry.isBlockDevice()) return Optional.of("entry " + name + " is a device");
        if (entry.isFIFO()) return Optional.of("entry " + name + " is a FIFO");
        if (!entry.isFile() && !entry.isDirectory()) {
            return Optional.of("entry " + name + " is neither a regular file nor a directory");
        }
        if (name.isEmpty()) return Optional.of("an entry has an empty name");
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return Optional.of("entry " + name + " has an absolute path");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) return Optional.of("entry " + name + " leaves the result directory (..)");
        }
        if (name.indexOf('\0') >= 0) return Optional.of("entry " + name + " has a NUL in its name");
        return Optional.empty();
    }
}
