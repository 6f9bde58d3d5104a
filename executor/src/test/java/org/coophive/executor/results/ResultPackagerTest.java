package org.coophive.executor.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.coophive.common.ids.ContentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultPackagerTest {

    private static final String LONG_NAME = "d".repeat(120) + "/" + "f".repeat(200) + ".txt";

    @TempDir
    Path temp;

    @Test
    void shouldGiveSameDataIdWhenSameContentWasWrittenInAnotherOrderAtOtherTimesWithAnotherUmask() throws IOException {
        Path first = temp.resolve("first");
        write(first, "stdout", "moo\n", "rw-r--r--", Instant.parse("2026-11-24T10:00:00Z"));
        write(first, "stderr", "", "rw-r--r--", Instant.parse("2026-11-24T10:00:01Z"));
        write(first, "exitCode", "0", "rw-r--r--", Instant.parse("2026-11-24T10:00:02Z"));
        write(first, "outputs/run.sh", "#!/bin/sh\necho hi\n", "rwxr-xr-x", Instant.parse("2026-11-24T10:00:03Z"));
        write(first, "outputs/a/b.txt", "b", "rw-r--r--", Instant.parse("2026-11-24T10:00:04Z"));
        write(first, "outputs/" + LONG_NAME, "long", "rw-r--r--", Instant.parse("2026-11-24T10:00:05Z"));

        Path second = temp.resolve("second");
        write(second, "outputs/" + LONG_NAME, "long", "rw-------", Instant.parse("1999-01-01T00:00:00Z"));
        write(second, "outputs/a/b.txt", "b", "rw-rw-rw-", Instant.parse("2031-05-05T05:05:05Z"));
        write(second, "outputs/run.sh", "#!/bin/sh\necho hi\n", "rwx------", Instant.parse("2001-01-01T00:00:00Z"));
        write(second, "exitCode", "0", "rw-rw----", Instant.parse("2001-01-01T00:00:00Z"));
        write(second, "stderr", "", "rw-------", Instant.parse("2001-01-01T00:00:00Z"));
        write(second, "stdout", "moo\n", "rw-rw-r--", Instant.parse("2001-01-01T00:00:00Z"));
        Files.setPosixFilePermissions(second.resolve("outputs/a"), PosixFilePermissions.fromString("rwx------"));

        PackagedResult a = ResultPackager.pack(first, temp.resolve("first.tar"));
        PackagedResult b = ResultPackager.pack(second, temp.resolve("second.tar"));

        assertThat(b.dataId()).isEqualTo(a.dataId());
        assertThat(Files.readAllBytes(b.tar())).isEqualTo(Files.readAllBytes(a.tar()));
        assertThat(a.dataId()).isEqualTo(ContentIds.ofFile(a.tar()));
        assertThat(a.size()).isEqualTo(Files.size(a.tar()));
    }

    @Test
    void shouldGiveSameDataIdWhenPackedByAnotherHostUser() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "outputs/" + LONG_NAME, "long", "rw-r--r--", Instant.now());
        write(dir, "outputs/été.txt", "non-ascii name", "rw-r--r--", Instant.now());
        String user = System.getProperty("user.name");
        PackagedResult asSomeoneElse;
        try {
            System.setProperty("user.name", "someone-else");
            asSomeoneElse = ResultPackager.pack(dir, temp.resolve("other.tar"));
        } finally {
            System.setProperty("user.name", user);
        }
        PackagedResult asUs = ResultPackager.pack(dir, temp.resolve("ours.tar"));

        assertThat(asUs.dataId()).isEqualTo(asSomeoneElse.dataId());
    }

    @Test
    void shouldChangeDataIdWhenOneByteChanges() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "stdout", "moo\n", "rw-r--r--", Instant.now());
        PackagedResult before = ResultPackager.pack(dir, temp.resolve("before.tar"));

        Files.writeString(dir.resolve("stdout"), "mOo\n");
        PackagedResult after = ResultPackager.pack(dir, temp.resolve("after.tar"));

        assertThat(after.dataId()).isNotEqualTo(before.dataId());
    }

    @Test
    void shouldChangeDataIdWhenAFileBecomesExecutable() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "outputs/tool", "x", "rw-r--r--", Instant.now());
        PackagedResult before = ResultPackager.pack(dir, temp.resolve("before.tar"));

        Files.setPosixFilePermissions(dir.resolve("outputs/tool"), PosixFilePermissions.fromString("rwxr--r--"));
        PackagedResult after = ResultPackager.pack(dir, temp.resolve("after.tar"));

        assertThat(after.dataId()).isNotEqualTo(before.dataId());
    }

    @Test
    void shouldWriteSortedNormalisedEntriesWhenPacking() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "stdout", "moo\n", "rw-rw-rw-", Instant.now());
        write(dir, "outputs/z.txt", "z", "rwxrwxrwx", Instant.now());
        write(dir, "outputs-b", "ob", "rw-r--r--", Instant.now());
        write(dir, "exitCode", "0", "rw-r--r-x", Instant.now());

        List<TarArchiveEntry> entries =
                entries(ResultPackager.pack(dir, temp.resolve("r.tar")).tar());

        assertThat(entries)
                .extracting(TarArchiveEntry::getName)
                .containsExactly("exitCode", "outputs-b", "outputs/", "outputs/z.txt", "stdout");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.getModTime().getTime()).isZero();
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getGroupName()).isEmpty();
        });
        assertThat(entries).extracting(TarArchiveEntry::getMode).containsExactly(0644, 0644, 0755, 0755, 0644);
    }

    @Test
    void shouldKeepLongNamesWhenPathsExceedTheUstarLimit() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "outputs/" + LONG_NAME, "long", "rw-r--r--", Instant.now());

        PackagedResult packed = ResultPackager.pack(dir, temp.resolve("r.tar"));

        assertThat(entries(packed.tar())).extracting(TarArchiveEntry::getName).contains("outputs/" + LONG_NAME);
        Path unpacked = temp.resolve("unpacked");
        try (InputStream in = Files.newInputStream(packed.tar())) {
            ResultUnpacker.unpack(in, unpacked);
        }
        assertThat(unpacked.resolve("outputs/" + LONG_NAME)).hasContent("long");
    }

    @Test
    void shouldKeepAnEmptyOutputsDirectoryWhenTheJobWroteNoOutputs() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "stdout", "", "rw-r--r--", Instant.now());
        write(dir, "stderr", "", "rw-r--r--", Instant.now());
        write(dir, "exitCode", "0", "rw-r--r--", Instant.now());
        Files.createDirectories(dir.resolve("outputs"));

        PackagedResult packed = ResultPackager.pack(dir, temp.resolve("r.tar"));
        Path unpacked = temp.resolve("unpacked");
        try (InputStream in = Files.newInputStream(packed.tar())) {
            ResultUnpacker.unpack(in, unpacked);
        }

        assertThat(entries(packed.tar())).extracting(TarArchiveEntry::getName).contains("outputs/");
        assertThat(unpacked.resolve("outputs")).isEmptyDirectory();
    }

    @Test
    void shouldRestoreTheSameResultWhenUnpackedAndPackedAgain() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "stdout", "moo\n", "rw-r--r--", Instant.now());
        write(dir, "outputs/run.sh", "#!/bin/sh\n", "rwxr-xr-x", Instant.now());
        write(dir, "outputs/deep/er/data.bin", "\u0000\u0001\u0002", "rw-r--r--", Instant.now());
        PackagedResult packed = ResultPackager.pack(dir, temp.resolve("r.tar"));

        Path unpacked = temp.resolve("unpacked");
        try (InputStream in = Files.newInputStream(packed.tar())) {
            ResultUnpacker.unpack(in, unpacked);
        }
        PackagedResult repacked = ResultPackager.pack(unpacked, temp.resolve("again.tar"));

        assertThat(repacked.dataId()).isEqualTo(packed.dataId());
        assertThat(unpacked.resolve("stdout")).hasContent("moo\n");
        assertThat(unpacked.resolve("outputs/run.sh")).isExecutable();
        assertThat(Files.readAllBytes(unpacked.resolve("outputs/deep/er/data.bin")))
                .containsExactly(0, 1, 2);
    }

    @Test
    void shouldRefuseSymbolicLinkWhenTheResultHoldsOne() throws IOException {
        Path dir = temp.resolve("dir");
        write(dir, "stdout", "moo\n", "rw-r--r--", Instant.now());
        Files.createDirectories(dir.resolve("outputs"));
        Files.createSymbolicLink(dir.resolve("outputs/passwd"), Path.of("/etc/passwd"));
        Path tar = temp.resolve("r.tar");

        assertThatThrownBy(() -> ResultPackager.pack(dir, tar))
                .isInstanceOf(UnsafeResultEntryException.class)
                .hasMessageContaining("outputs/passwd")
                .hasMessageContaining("symbolic link");
        assertThat(tar).doesNotExist();
    }

    @Test
    void shouldRefuseLinkedDirectoryWhenTheResultHoldsOne() throws IOException {
        Path dir = temp.resolve("dir");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("outputs"), Path.of("/etc"));

        assertThatThrownBy(() -> ResultPackager.pack(dir, temp.resolve("r.tar")))
                .isInstanceOfSatisfying(UnsafeResultEntryException.class, e -> assertThat(e.entry())
                        .isEqualTo("outputs"));
    }

    @Test
    void shouldRefuseTarFileWhenItWouldLieInsideTheResult() throws IOException {
        Path dir = temp.resolve("dir");
        Files.createDirectories(dir);

        assertThatThrownBy(() -> ResultPackager.pack(dir, dir.resolve("r.tar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the result directory");
    }

    private static void write(Path root, String name, String content, String permissions, Instant mtime)
            throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    static List<TarArchiveEntry> entries(Path tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar), "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
