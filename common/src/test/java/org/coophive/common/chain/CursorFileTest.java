package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorFileTest {

    private static final String HASH_A = "0x" + "ab".repeat(32);
    private static final String HASH_B = "0x" + "cd".repeat(32);

    @TempDir
    Path dir;

    @Test
    void shouldReadNothingWhenNoCursorWasEverSaved() {
        assertThat(new CursorFile(dir.resolve("cursor")).read()).isEmpty();
    }

    @Test
    void shouldReadBackTheLastCursorWrittenAndLeaveNoTemporaryFile() throws Exception {
        CursorFile cursor = new CursorFile(dir.resolve("sub").resolve("cursor.json"));

        cursor.write(new EventCheckpoint(new EventCursor(12, 3), HASH_A));
        cursor.write(new EventCheckpoint(EventCursor.startOf(40), HASH_B));

        assertThat(new CursorFile(dir.resolve("sub").resolve("cursor.json")).read())
                .contains(new EventCheckpoint(EventCursor.startOf(40), HASH_B));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files).containsExactly(cursor.path());
        }
    }

    @Test
    void shouldReadTheCursorsTheMediatorAndTheJobCreatorWroteBefore() throws Exception {
        Files.writeString(dir.resolve("mediator"), "17 2\n");
        Files.writeString(dir.resolve("jobcreator"), "{\"block_number\":9,\"log_index\":-1}");

        assertThat(new CursorFile(dir.resolve("mediator")).read())
                .contains(EventCheckpoint.unchecked(new EventCursor(17, 2)));
        assertThat(new CursorFile(dir.resolve("jobcreator")).read())
                .contains(EventCheckpoint.unchecked(EventCursor.startOf(9)));
    }

    @Test
    void shouldKeepTheBlockHashWithTheCursorAndWriteNoneWhenItIsNotKnown() throws Exception {
        CursorFile cursor = new CursorFile(dir.resolve("cursor"));

        cursor.write(
                new EventCheckpoint(new EventCursor(5, 1), HASH_A.toUpperCase().replace("0X", "0x")));
        assertThat(Files.readString(cursor.path()))
                .isEqualTo("{\"block_number\":5,\"log_index\":1,\"block_hash\":\"" + HASH_A + "\"}\n");
        assertThat(cursor.read()).map(EventCheckpoint::checked).contains(true);

        cursor.write(EventCheckpoint.unchecked(new EventCursor(6, 0)));
        assertThat(Files.readString(cursor.path())).isEqualTo("{\"block_number\":6,\"log_index\":0}\n");
        assertThat(cursor.read()).contains(EventCheckpoint.unchecked(new EventCursor(6, 0)));
    }

    @Test
    void shouldStopNamingTheFileWhenTheCursorIsDamaged() throws Exception {
        for (String damaged : new String[] {
            "",
            "17",
            "{\"block_number\":",
            "x y",
            "-1 0",
            "99999999999999999999 0",
            "{\"block_number\":1,\"log_index\":0,\"block_hash\":\"0x12\"}"
        }) {
            Files.writeString(dir.resolve("cursor"), damaged);

            assertThatThrownBy(() -> new CursorFile(dir.resolve("cursor")).read())
                    .as(damaged)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.resolve("cursor").toString())
                    .hasMessageEndingWith("delete it to read the chain's events again from the start");
        }
    }
}
