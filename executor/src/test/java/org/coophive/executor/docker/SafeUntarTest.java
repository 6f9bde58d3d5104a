package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUntarTest {

    @TempDir
    Path tmp;

    @Test
    void shouldExtractFilesBelowTheCopiedDirectoryWhenTarIsWellFormed() throws IOException {
        byte[] tar = tar(t -> {
            dir(t, "outputs/");
            dir(t, "outputs/d/");
            file(t, "outputs/d/a.txt", "hello");
        });

        SafeUntar.extractStrippingFirstComponent(new ByteArrayInputStream(tar), tmp.resolve("out"));

        assertThat(tmp.resolve("out/d/a.txt")).hasContent("hello");
    }

    @Test
    void shouldRefuseTheArchiveWhenAnEntryClimbsOut() throws IOException {
        byte[] tar = tar(t -> file(t, "outputs/../../escaped", "x"));

        assertThatThrownBy(() ->
                        SafeUntar.extractStrippingFirstComponent(new ByteArrayInputStream(tar), tmp.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("climbs out");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    @Test
    void shouldRefuseTheArchiveWhenAnEntryIsAbsolute() throws IOException {
        byte[] tar = tar(t -> file(t, "/etc/evil", "x"));

        assertThatThrownBy(() ->
                        SafeUntar.extractStrippingFirstComponent(new ByteArrayInputStream(tar), tmp.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void shouldSkipLinksWhenTarHoldsThem() throws IOException {
        byte[] tar = tar(t -> {
            TarArchiveEntry link = new TarArchiveEntry("outputs/passwd", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("outputs/hard", TarConstants.LF_LINK);
            hard.setLinkName("outputs/f");
            t.putArchiveEntry(hard);
            t.closeArchiveEntry();
            file(t, "outputs/f", "kept");
        });

        SafeUntar.extractStrippingFirstComponent(new ByteArrayInputStream(tar), tmp.resolve("out"));

        try (var files = Files.list(tmp.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f");
        }
    }

    interface Writer {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] tar(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
