package org.coophive.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a job's result an executor keeps. Both caps sit well below the solver's upload
 * limit (1 GiB by default), so a job's result tar can always be uploaded and its deal can always
 * proceed: a job that writes more is a failed job with a clear error, never a provider stuck
 * retrying an upload the solver will refuse again.
 *
 * <p>A result cut by one run and not by another has another data id. A mediator keeps at least
 * what any provider may (its defaults are the highest limits), reads where a provider's log was
 * cut ({@link #cutOf}) and cuts its re-run's copy the same way ({@link #recut}) before comparing.
 *
 * @param maxOutputBytes what {@code outputs/} may hold, counting 1 KiB of archive overhead per
 *     entry; more is {@link ExecutionResult.Outcome#OUTPUTS_TOO_LARGE} and the outputs are dropped
 * @param maxLogBytes what each of {@code stdout} and {@code stderr} keeps; the rest is dropped and
 *     a last line says how much there was
 */
public record ResultLimits(long maxOutputBytes, long maxLogBytes) {

    /** 512 MiB of outputs, 8 MiB per log stream. */
    public static final ResultLimits DEFAULTS = new ResultLimits(512L << 20, 8L << 20);

    /** Archive overhead counted per output entry: a header block plus at most one block of padding. */
    public static final long ENTRY_OVERHEAD = 1024;

    public ResultLimits {
        if (maxOutputBytes < 0) throw new IllegalArgumentException("maxOutputBytes must not be negative");
        if (maxLogBytes < 0) throw new IllegalArgumentException("maxLogBytes must not be negative");
    }

    /** The error a job whose outputs went over the limit ends with. */
    public String outputsTooLarge(long atLeast) {
        return "outputs too large: at least " + atLeast + " bytes, limit " + maxOutputBytes;
    }

    private static final Pattern CUT = Pattern.compile(
            "\n\\[coophive: (stdout|stderr) truncated: (\\d{1,19}) bytes written, limit (\\d{1,19})]\n$");

    /**
     * Where a log stream was cut.
     *
     * @param limit the limit it was cut at: the bytes kept before the last line
     * @param written the bytes the job wrote to it
     */
    public record LogCut(long limit, long written) {}

    /**
     * Where the log stream {@code file} of a result was cut, from the line that ends it ({@link
     * #logTruncated}); empty when it was not cut.
     */
    public static Optional<LogCut> cutOf(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int tail = (int) Math.min(size, 160);
            ByteBuffer buffer = ByteBuffer.allocate(tail);
            channel.position(size - tail);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {}
            String end = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            Matcher cut = CUT.matcher(end);
            if (!cut.find()) return Optional.empty();
            long limit = Long.parseLong(cut.group(3));
            long written = Long.parseLong(cut.group(2));
            // A job may print a look-alike line itself: only a line right after the limit is a cut.
            if (size - (end.length() - cut.start()) != limit || written <= limit) return Optional.empty();
            return Optional.of(new LogCut(limit, written));
        }
    }

    /**
     * Rewrites the log stream {@code file} of a run that kept more of it (or all of it) as a run
     * cut at {@code limit} would have kept it: its first {@code limit} bytes and the line saying
     * so. Does nothing when the run kept no more than that.
     *
     * @param stream {@code stdout} or {@code stderr}, as the line names it
     * @return whether the file was rewritten
     */
    public static boolean recut(Path file, String stream, long limit) throws IOException {
        Optional<LogCut> own = cutOf(file);
        long written = own.map(LogCut::written).orElse(Files.size(file));
        long kept = own.map(LogCut::limit).orElse(written);
        if (written <= limit || kept < limit) return false;
        Path cut = file.resolveSibling(file.getFileName() + ".cut");
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = Files.newOutputStream(cut)) {
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                out.write(buffer, 0, read);
                left -= read;
            }
            out.write(new ResultLimits(0, limit).logTruncated(stream, written).getBytes(StandardCharsets.UTF_8));
        }
        Files.move(cut, file, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** The line that ends a log stream cut at the limit. */
    public String logTruncated(String stream, long total) {
        return "\n[coophive: " + stream + " truncated: " + total + " bytes written, limit " + maxLogBytes + "]\n";
    }
}
