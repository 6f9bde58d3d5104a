package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadNothingWhenNoCursorWasEverSaved() {
        assertThat(new CursorFile(dir.resolve("cursor")).read()).isEmpty();
    }

    @Test
    void shouldReadBackTheLastCursorWrittenAndLeaveNoTemporaryFile() throws Exception {
        CursorFile cursor = new CursorFile(dir.resolve("sub").resolve("cursor.json"));

        cursor.write(new EventCursor(12, 3));
        cursor.write(EventCursor.startOf(40));

        assertThat(new CursorFile(dir.resolve("sub").resolve("cursor.json")).read())
                .contains(EventCursor.startOf(40));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files).containsExactly(cursor.path());
        }
    }

    @Test
    void shouldReadTheCursorsTheMediatorAndTheJobCreatorWroteBefore() throws Exception {
        Files.writeString(dir.resolve("mediator"), "17 2\n");
        Files.writeString(dir.resolve("jobcreator"), "{\"block_number\":9,\"log_index\":-1}");

        assertThat(new CursorFile(dir.resolve("mediator")).read()).contains(new EventCursor(17, 2));
        assertThat(new CursorFile(dir.resolve("jobcreator")).read()).contains(EventCursor.startOf(9));
    }

    @Test
    void shouldStopNamingTheFileWhenTheCursorIsDamaged() throws Exception {
        for (String damaged : new String[] {"", "17", "{\"block_number\":", "x y", "-1 0", "99999999999999999999 0"}) {
            Files.writeString(dir.resolve("cursor"), damaged);

            assertThatThrownBy(() -> new CursorFile(dir.resolve("cursor")).read())
                    .as(damaged)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.resolve("cursor").toString())
                    .hasMessageEndingWith("delete it to read the chain's events again from the start");
        }
    }
}
