package org.coophive.executor.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The output of a job run behind {@link JobGate the gate}, as an attachment to its container or a
 * followed log delivers it: the job's stdout and stderr, each ended by the gate's mark once the
 * job's process ended ({@value #MARK_TEXT} and the job's wait status in 4 hex digits, after a
 * newline and a NUL, then a newline). The marks are taken out of what is written; when both streams
 * carried theirs, everything the job wrote before it ended has arrived and {@link #awaitEnd}
 * returns the status while the container still runs.
 *
 * <p>A job that prints a mark itself only ends its own run early: what it printed, its outputs so
 * far and the status it chose become its result, as if it had exited there.
 *
 * <p>Frames that arrive before {@link #writeTo} are kept and written then; frames after {@link
 * #finish} (a process the job left running) are dropped.
 */
final class GateOutput extends ResultCallback.Adapter<Frame> {

    /** The text of the mark, after its newline and NUL. */
    static final String MARK_TEXT = "coophive-gate ";

    private static final byte[] PREFIX = ("\n\0" + MARK_TEXT).getBytes(StandardCharsets.US_ASCII);

    /** The whole mark: the prefix, 4 hex digits, a newline. */
    static final int MARK_LENGTH = PREFIX.length + 5;

    /** How a reported run ended: the job's wait status, or no status when the output ended first, or time ran out. */
    record End(Integer waitStatus, boolean timedOut) {

        /** The exit code the status stands for: the job's own, or 128 + the signal that killed it. */
        int exitCode() {
            int signal = waitStatus & 0x7f;
            return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
        }

        /** Whether the job's process was killed by {@code SIGKILL} (as the kernel does when memory runs out). */
        boolean killed() {
            return (waitStatus & 0x7f) == 9;
        }
    }

    private final Unmarked stdout = new Unmarked();
    private final Unmarked stderr = new Unmarked();
    private final CountDownLatch marked = new CountDownLatch(1);
    private final CountDownLatch streamEnded = new CountDownLatch(1);
    private final List<Frame> early = new ArrayList<>();
    private LogWriter writer;
    private boolean finished;

    /** Writes what arrived and what arrives until {@link #finish} to {@code writer}. */
    synchronized void writeTo(LogWriter writer) {
        this.writer = writer;
        for (Frame frame : early) take(frame);
        early.clear();
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (finished) return;
        if (writer == null) early.add(frame);
        else take(frame);
    }

    private void take(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) return;
        switch (frame.getStreamType()) {
            case STDOUT, RAW -> stdout.accept(payload, StreamType.STDOUT, writer);
            case STDERR -> stderr.accept(payload, StreamType.STDERR, writer);
            default -> {
                // No stdin frames on an output stream.
            }
        }
        if (stdout.status >= 0 && stderr.status >= 0) marked.countDown();
    }

    @Override
    public void onComplete() {
        ended();
        super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
        ended();
        super.onError(throwable);
    }

    private void ended() {
        streamEnded.countDown();
        marked.countDown();
    }

    /** Whether the attachment or log still stands (it ends when the container stops). */
    boolean streaming() {
        return streamEnded.getCount() > 0;
    }

    /**
     * Waits up to {@code timeout} for both marks: the job's status then, none when the stream ended
     * without them (the container stopped), {@link End#timedOut} when time ran out.
     */
    End awaitEnd(Duration timeout) throws InterruptedException {
        if (!marked.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) return new End(null, true);
        synchronized (this) {
            return stdout.status >= 0 && stderr.status >= 0 ? new End(stdout.status, false) : new End(null, false);
        }
    }

    /** Waits up to {@code timeout} for the stream's end (after the container was stopped). */
    void awaitStreamEnd(Duration timeout) throws InterruptedException {
        streamEnded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Writes what is held back as a possible mark, and nothing after. */
    synchronized void finish() {
        if (finished) return;
        finished = true;
        if (writer == null) return;
        stdout.flush(StreamType.STDOUT, writer);
        stderr.flush(StreamType.STDERR, writer);
    }

    /** One stream, less its first mark: the bytes that may begin a mark are held back until they do or do not. */
    private static final class Unmarked {
        private final byte[] held = new byte[MARK_LENGTH];
        private int heldLength;
        private int status = -1;

        void accept(byte[] payload, StreamType type, LogWriter writer) {
            if (status >= 0) {
                writer.write(type, payload, payload.length);
                return;
            }
            ByteArrayOutputStream passed = new ByteArrayOutputStream(payload.length);
            for (int i = 0; i < payload.length; i++) {
                if (status >= 0) {
                    passed.write(payload, i, payload.length - i);
                    break;
                }
                held[heldLength++] = payload[i];
                while (heldLength > 0 && !beginsMark()) {
                    passed.write(held[0]);
                    System.arraycopy(held, 1, held, 0, --heldLength);
                }
                if (heldLength == MARK_LENGTH) {
                    status = Integer.parseInt(new String(held, PREFIX.length, 4, StandardCharsets.US_ASCII), 16);
                    heldLength = 0;
                }
            }
            if (passed.size() > 0) writer.write(type, passed.toByteArray(), passed.size());
        }

        /** Whether the held bytes are the start of a mark. */
        private boolean beginsMark() {
            for (int k = 0; k < heldLength; k++) {
                byte b = held[k];
                boolean fits;
                if (k < PREFIX.length) fits = b == PREFIX[k];
                else if (k < PREFIX.length + 4) fits = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
                else fits = b == '\n';
                if (!fits) return false;
            }
            return true;
        }

        void flush(StreamType type, LogWriter writer) {
            if (heldLength > 0) writer.write(type, held, heldLength);
            heldLength = 0;
        }
    }
}
