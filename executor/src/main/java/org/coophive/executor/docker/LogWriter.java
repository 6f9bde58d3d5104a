package org.coophive.executor.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.coophive.executor.ResultLimits;

/**
 * Writes a job's log frames to its stdout and stderr files as they arrive, each stream up to
 * {@code limit} bytes; beyond that frames are only counted, and {@link #endTruncated} says how much
 * there was.
 */
final class LogWriter extends ResultCallback.Adapter<Frame> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final long limit;
    private long stdoutBytes;
    private long stderrBytes;
    private volatile IOException failure;

    LogWriter(OutputStream stdout, OutputStream stderr, long limit) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.limit = limit;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        write(frame.getStreamType(), payload, payload.length);
    }

    /** Writes the first {@code length} bytes of {@code payload} of the stream {@code type}. */
    synchronized void write(StreamType type, byte[] payload, int length) {
        try {
            switch (type) {
                case STDOUT, RAW -> stdoutBytes = write(stdout, stdoutBytes, payload, length);
                case STDERR -> stderrBytes = write(stderr, stderrBytes, payload, length);
                default -> {
                    // STDIN frames do not occur for logs.
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private long write(OutputStream out, long written, byte[] payload, int length) throws IOException {
        if (written < limit) out.write(payload, 0, (int) Math.min(length, limit - written));
        return written + length;
    }

    /** Rethrows what a write failed with, if one did. */
    void checkWritten() throws IOException {
        if (failure != null) throw failure;
    }

    /** Adds the line saying how much of each stream was left out, for a stream over the limit. */
    synchronized void endTruncated(ResultLimits limits) throws IOException {
        if (stdoutBytes > limit)
            stdout.write(limits.logTruncated("stdout", stdoutBytes).getBytes(StandardCharsets.UTF_8));
        if (stderrBytes > limit)
            stderr.write(limits.logTruncated("stderr", stderrBytes).getBytes(StandardCharsets.UTF_8));
    }
}
