package org.coophive.common.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.journal.JournalFiles;

/**
 * Where a party's chain event stream stopped, kept in a file of its data folder: the one chain
 * cursor of the mediator and the job creator.
 *
 * <p>Written as {@code {"block_number":N,"log_index":M,"block_hash":"0x..."}} (an
 * {@link EventCheckpoint}: the hash lets the stream notice, when the service starts again, that the
 * block is gone), durably through {@link JournalFiles#write} (a temporary file fsynced, renamed over
 * the cursor atomically, the folder fsynced), so after a crash or power loss the file holds the old
 * cursor or the new one, never a torn one. Also read: the same without {@code block_hash} the
 * services wrote before, and the one-line {@code <block> <log index>} the mediator wrote before
 * that (both unchecked: nothing to compare the chain's block with).
 *
 * <p><b>A damaged cursor stops the service</b> ({@link #read} throws, naming the file and what to
 * do). A cursor only goes bad through a damaged disk or a hand edit; reading again from the first
 * block instead (what the job creator used to do) would hide that, and on a long chain replays
 * every event for hours. The operator deletes the file to read again from the start on purpose.
 */
public final class CursorFile {

    private static final Pattern LINE = Pattern.compile("(\\d+) (-?\\d+)");
    private static final Pattern JSON =
            Pattern.compile("\\{\\s*\"block_number\"\\s*:\\s*(\\d+)\\s*,\\s*\"log_index\"\\s*:"
                    + "\\s*(-?\\d+)\\s*(?:,\\s*\"block_hash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})?\"\\s*)?}");

    private final Path file;

    public CursorFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The file. */
    public Path path() {
        return file;
    }

    /**
     * The saved cursor, empty when none was ever saved.
     *
     * @throws IllegalStateException when the file is damaged: the message names it and says to
     *     delete it to read events again from the start
     * @throws UncheckedIOException when the file cannot be read
     */
    public Optional<EventCheckpoint> read() {
        if (!Files.exists(file)) return Optional.empty();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chain cursor " + file, e);
        }
        Matcher line = LINE.matcher(text);
        Matcher json = JSON.matcher(text);
        Matcher found = line.matches() ? line : json.matches() ? json : null;
        try {
            if (found != null) {
                EventCursor cursor = new EventCursor(Long.parseLong(found.group(1)), Long.parseLong(found.group(2)));
                String hash = found == json ? json.group(3) : null;
                return Optional.of(new EventCheckpoint(cursor, hash));
            }
        } catch (IllegalArgumentException e) {
            // a number out of range: damaged like any other unreadable content
        }
        throw new IllegalStateException("the chain cursor " + file + " is damaged (\"" + abbreviated(text)
                + "\"): delete it to read the chain's events again from the start");
    }

    /** Replaces the saved cursor, atomically and durably. */
    public void write(EventCheckpoint checkpoint) {
        EventCursor cursor = checkpoint.cursor();
        String hash = checkpoint.checked() ? ",\"block_hash\":\"" + checkpoint.blockHash() + "\"" : "";
        byte[] content = ("{\"block_number\":" + cursor.blockNumber() + ",\"log_index\":" + cursor.logIndex() + hash
                        + "}\n")
                .getBytes(StandardCharsets.UTF_8);
        JournalFiles.write(file, content);
    }

    private static String abbreviated(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine;
    }
}
