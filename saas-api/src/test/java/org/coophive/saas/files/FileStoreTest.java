package org.coophive.saas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.coophive.saas.config.SaasProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    @TempDir
    Path dir;

    private FileStore store() {
        return new FileStore(new SaasProperties(
                "", dir, 10, List.of(), "", java.time.Duration.ofSeconds(1), 5, java.time.Duration.ofMinutes(15)));
    }

    @Test
    void shouldResolvePlainRelativePathsInsideTheUsersFolder() {
        Path resolved = store().resolve(7, "a/b.txt", false);

        assertThat(resolved)
                .isEqualTo(dir.resolve("files")
                        .resolve("7")
                        .resolve("a")
                        .resolve("b.txt")
                        .toAbsolutePath());
    }

    @Test
    void shouldRefuseEveryPathThatIsNotPlain() {
        FileStore store = store();
        for (String path :
                List.of("..", "../x", "a/../b", "/abs", "a//b", "./a", "a\\b", "a\u0000b", "c:x", "x".repeat(501))) {
            assertThatThrownBy(() -> store.resolve(7, path, false))
                    .as(path)
                    .isInstanceOfSatisfying(FileStoreException.class, e -> assertThat(e.reason())
                            .isEqualTo(FileStoreException.Reason.BAD_PATH));
        }
    }

    @Test
    void shouldRefuseWritesUnderResults() {
        FileStore store = store();

        assertThatThrownBy(() -> store.upload(7, "results", "x.txt", new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(FileStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(FileStoreException.Reason.READ_ONLY));
    }
}
