package org.coophive.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindNoServerWithoutALockFile() throws Exception {
        assertThat(EmbeddedDatabase.runningServer(dir)).isEmpty();
    }

    @Test
    void shouldIgnoreALockFileOfAProcessThatIsGoneOrIsNotPostgres() throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");
        assertThat(EmbeddedDatabase.runningServer(dir))
                .as("this JVM is not PostgreSQL")
                .isEmpty();

        Files.writeString(dir.resolve("postmaster.pid"), "not a pid\n");
        assertThat(EmbeddedDatabase.runningServer(dir)).isEmpty();

        Files.writeString(dir.resolve("postmaster.pid"), "");
        assertThat(EmbeddedDatabase.runningServer(dir)).isEmpty();
    }

    @Test
    void shouldLeaveAFolderWithoutARunningServerAlone() throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");

        EmbeddedDatabase.stopOrphanedServer(dir, "test");

        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(dir.resolve("postmaster.pid")).exists();
    }
}
