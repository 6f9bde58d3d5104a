package org.coophive.executor.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultUnpackerTest {

    @TempDir
    Path temp;

    @Test
    void shouldRefuseEntryWhenItClimbsOutWithDotDot() throws IOException {
        byte[] tar = tar(file("outputs/../../escaped.txt", "evil"));
        Path dir = temp.resolve("a/b/result");

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), dir))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("outputs/../../escaped.txt")
                .hasMessageContaining("'..'");
        assertThat(temp.resolve("a/escaped.txt")).doesNotExist();
    }

    @Test
    void shouldRefuseEntryWhenItsNameIsAbsolute() throws IOException {
        Path outside = temp.resolve("outside.txt");
        byte[] tar = tar(file(outside.toString(), "evil"));

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), temp.resolve("result")))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("absolute");
        assertThat(outside).doesNotExist();
    }

    @Test
    void shouldRefuseSymbolicLinkWhenTheArchiveHoldsOne() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("outputs/passwd", TarConstants.LF_SYMLINK);
        link.setLinkName("/etc/passwd");
        byte[] tar = tar(new Item(link, null), file("outputs/passwd", "written through the link"));
        Path dir = temp.resolve("result");

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), dir))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("outputs/passwd")
                .hasMessageContaining("links");
        assertThat(dir.resolve("outputs/passwd")).doesNotExist();
    }

    @Test
    void shouldRefuseHardLinkWhenTheArchiveHoldsOne() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("outputs/shadow", TarConstants.LF_LINK);
        link.setLinkName("/etc/shadow");
        byte[] tar = tar(new Item(link, null));

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), temp.resolve("result")))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("links");
    }

    @Test
    void shouldRefuseDeviceWhenTheArchiveHoldsOne() throws IOException {
        byte[] tar = tar(new Item(new TarArchiveEntry("outputs/null", TarConstants.LF_CHR), null));

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), temp.resolve("result")))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("only directories and regular files");
    }

    @Test
    void shouldRefuseArchiveWhenItNamesAFileTwice() throws IOException {
        byte[] tar = tar(file("stdout", "first"), file("stdout", "second"));
        Path dir = temp.resolve("result");

        assertThatThrownBy(() -> ResultUnpacker.unpack(new ByteArrayInputStream(tar), dir))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("twice");
        assertThat(dir.resolve("stdout")).hasContent("first");
    }

    @Test
    void shouldExtractFilesWhenNamesStartWithDotSlash() throws IOException {
        TarArchiveEntry root = new TarArchiveEntry("./", TarConstants.LF_DIR);
        byte[] tar = tar(new Item(root, null), file("./outputs/out.txt", "ok"));
        Path dir = temp.resolve("result");

        ResultUnpacker.unpack(new ByteArrayInputStream(tar), dir);

        assertThat(dir.resolve("outputs/out.txt")).hasContent("ok");
    }

    private record Item(TarArchiveEntry entry, byte[] content) {}

    private static Item file(String name, String content) {
        // preserveAbsolutePath: write the name exactly as a hostile archive would.
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(bytes.length);
        return new Item(entry, bytes);
    }

    private static byte[] tar(Item... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item item : items) {
                out.putArchiveEntry(item.entry());
                if (item.content() != null) out.write(item.content());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
