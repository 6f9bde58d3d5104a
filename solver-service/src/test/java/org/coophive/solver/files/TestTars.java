package org.coophive.solver.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Small tars built in memory, including the malicious kinds. */
final class TestTars {

    private TestTars() {}

    /** A tar of one regular file under {@code name}. */
    static byte[] file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(bytes.length);
        return tar(entry, bytes);
    }

    /** A tar of one entry of the given type flag ({@link TarConstants}) pointing at {@code link}. */
    static byte[] special(String name, byte type, String link) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        if (link != null) entry.setLinkName(link);
        return tar(entry, new byte[0]);
    }

    /** A directory and a file in it. */
    static byte[] tree() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.putArchiveEntry(new TarArchiveEntry("outputs/", true));
            archive.closeArchiveEntry();
            byte[] bytes = "moo".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("outputs/stdout", true);
            file.setSize(bytes.length);
            archive.putArchiveEntry(file);
            archive.write(bytes);
            archive.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] tar(TarArchiveEntry entry, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            archive.putArchiveEntry(entry);
            archive.write(content);
            archive.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
