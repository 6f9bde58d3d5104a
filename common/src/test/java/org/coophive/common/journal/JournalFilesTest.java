package org.coophive.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class JournalFilesTest {

    record Entry(String dealId, int step) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatWasLastWrittenAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("journal").resolve("Qm1.json");

        JournalFiles.writeJson(file, JSON, new Entry("Qm1", 1));
        JournalFiles.writeJson(file, JSON, new Entry("Qm1", 2));

        assertThat(JournalFiles.readJson(file, JSON, Entry.class)).contains(new Entry("Qm1", 2));
        try (var files = Files.list(dir.resolve("journal"))) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldReadNothingWhenTheFileDoesNotExist() {
        assertThat(JournalFiles.readJson(dir.resolve("none.json"), JSON, Entry.class))
                .isEmpty();
    }

    @Test
    void shouldStopNamingTheFileWhenItCannotBeRead() throws Exception {
        for (String damaged :
                new String[] {"", "{\"deal_id\":", "null", "[1,2]", "{\"dealId\":\"Qm1\",\"step\":\"x\"}"}) {
            Path file = dir.resolve("Qm1.json");
            Files.writeString(file, damaged);

            assertThatThrownBy(() -> JournalFiles.readJson(file, JSON, Entry.class))
                    .as(damaged)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the journal file " + file.toAbsolutePath() + " cannot be read")
                    .hasMessageContaining("the service stops rather than forget what it records");
        }
    }

    @Test
    void shouldReplaceAFileWholeWithoutForcingTheRenameAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("journal").resolve("Qm1.json");
        JournalFiles.writeJson(file, JSON, new Entry("Qm1", 1));

        JournalFiles.replaceJson(file, JSON, new Entry("Qm1", 2));
        JournalFiles.replaceJson(dir.resolve("new").resolve("Qm2.json"), JSON, new Entry("Qm2", 1));

        assertThat(JournalFiles.readJson(file, JSON, Entry.class)).contains(new Entry("Qm1", 2));
        assertThat(JournalFiles.readJson(dir.resolve("new").resolve("Qm2.json"), JSON, Entry.class))
                .contains(new Entry("Qm2", 1));
        try (var files = Files.list(dir.resolve("journal"))) {
            assertThat(files).containsExactly(file);
        }
    }
}
