package org.coophive.faucet.drips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The faucet's memory across restarts: append-only JSON lines, one file per UTC day of the drips'
 * reservation ({@code drips-2026-12-06.jsonl}), each line forced to disk before {@link #append}
 * returns. A drip's {@code reserved} line is written before its transactions are sent, so a faucet
 * killed at any moment (even {@code kill -9}) never forgets a drip it may have sent.
 *
 * <p>A crash in the middle of a write can only tear the last line of a file: it is skipped on
 * reading (its write never returned, so nothing was sent for it) and the next append starts on a
 * new line. Any other unreadable line stops the faucet at startup: its limits would be unsafe.
 * Files older than the limits need are deleted.
 */
final class DripJournal {

    private static final Logger log = LoggerFactory.getLogger(DripJournal.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern FILE_NAME = Pattern.compile("drips-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private final Path dir;

    DripJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the drip journal folder " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Reads every line of the files of the days from {@code since} on (oldest first) and deletes the
     * files of older days.
     */
    List<JournalEntry> readSince(Instant since) {
        LocalDate firstDay = LocalDate.ofInstant(since, ZoneOffset.UTC);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.sorted().toList()) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (!name.matches()) continue;
                LocalDate day;
                try {
                    day = LocalDate.parse(name.group(1));
                } catch (DateTimeParseException e) {
                    continue; // not one of ours: drips-9999-99-99.jsonl
                }
                if (day.isBefore(firstDay)) {
                    Files.delete(file);
                    log.info("deleted {}: its drips no longer count towards any limit", file);
                } else {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drip journal in " + dir, e);
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (Path file : files) entries.addAll(read(file));
        return entries;
    }

    private static List<JournalEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drip journal " + file, e);
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            try {
                entries.add(JSON.readValue(line, JournalEntry.class));
            } catch (JacksonException e) {
                if (isLastLine(lines, i)) {
                    log.warn("removing the torn last line of {} (a write cut off by a crash): {}", file, line);
                    truncateTornLine(file);
                    continue;
                }
                throw new IllegalStateException("line " + (i + 1) + " of the drip journal " + file
                        + " is unreadable; the faucet's limits would not be safe. Fix or remove the line: " + line);
            }
        }
        return entries;
    }

    private static boolean isLastLine(List<String> lines, int index) {
        for (int i = index + 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) return false;
        }
        return true;
    }

    /**
     * Cuts the file after its last complete line. The torn line's write never returned, so nothing
     * was sent for it; left in place it would sit in the middle of the file after the next append.
     */
    private static void truncateTornLine(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && Character.isWhitespace(bytes[end - 1])) end--;
            int lastNewline = end - 1;
            while (lastNewline >= 0 && bytes[lastNewline] != '\n') lastNewline--;
            channel.truncate(lastNewline + 1);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the torn last line of the drip journal " + file, e);
        }
    }

    /** Appends one line to the file of the day of {@code day} and forces it to disk. */
    void append(Instant day, JournalEntry entry) {
        Path file = dir.resolve("drips-" + LocalDate.ofInstant(day, ZoneOffset.UTC) + ".jsonl");
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                long size = channel.size();
                ByteBuffer buffer = ByteBuffer.wrap(line);
                if (size > 0 && !endsWithNewline(channel, size)) {
                    // The torn line of a crash: ours starts on a line of its own.
                    buffer = ByteBuffer.allocate(line.length + 1)
                            .put((byte) '\n')
                            .put(line)
                            .flip();
                }
                channel.position(size);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            if (created) forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drip journal " + file, e);
        }
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /** Makes a new file's directory entry durable too. */
    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory; the file's own data is forced already.
            log.debug("cannot force the directory {}: {}", dir, e.getMessage());
        }
    }
}
