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

    /**
     * A tar written block by block: a PAX header whose {@code path} is {@code paxPath}, then a
     * regular file whose ustar name is {@code ustarName}, then the end-of-archive blocks.
     */
    static byte[] paxPath(String paxPath, String ustarName) {
        String record = " path=" + paxPath + "\n";
        int length = record.length() + 1;
        while (String.valueOf(length).length() + record.length() != length) length++;
        byte[] pax = (length + record).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header("PaxHeaders/x", (byte) 'x', pax.length));
        out.writeBytes(padded(pax));
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        out.writeBytes(header(ustarName, (byte) '0', content.length));
        out.writeBytes(padded(content));
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** A ustar header block with a correct checksum. */
    static byte[] header(String name, byte type, long size) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] block, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, at, bytes.length);
    }

    private static byte[] padded(byte[] data) {
        byte[] out = new byte[(data.length + 511) / 512 * 512];
        System.arraycopy(data, 0, out, 0, data.length);
        return out;
    }
}
