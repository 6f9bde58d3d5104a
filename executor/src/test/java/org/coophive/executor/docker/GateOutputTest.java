package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.coophive.executor.ResultLimits;
import org.junit.jupiter.api.Test;

/** The job's output as the gate delivers it: its marks taken out, its end and status read from them. */
class GateOutputTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final GateOutput output = new GateOutput();

    private static Frame frame(StreamType type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String mark(String status) {
        return "\n\0coophive-gate " + status + "\n";
    }

    @Test
    void shouldWriteTheOutputLessTheMarksAndEndWithTheStatusOnceBothStreamsCarriedTheirs() throws Exception {
        output.writeTo(new LogWriter(stdout, stderr, 1 << 20));
        output.onNext(frame(StreamType.STDOUT, "hello\n"));
        output.onNext(frame(StreamType.STDOUT, "no newline" + mark("0300")));

        assertThat(output.awaitEnd(Duration.ofMillis(50)).timedOut())
                .as("stderr has not ended yet")
                .isTrue();

        output.onNext(frame(StreamType.STDERR, "oops" + mark("0300")));
        GateOutput.End end = output.awaitEnd(Duration.ofSeconds(1));
        output.finish();

        assertThat(end.timedOut()).isFalse();
        assertThat(end.exitCode()).isEqualTo(3);
        assertThat(end.killed()).isFalse();
        assertThat(stdout.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello\nno newline");
        assertThat(stderr.toString(StandardCharsets.ISO_8859_1)).isEqualTo("oops");
    }

    @Test
    void shouldFindAMarkSplitAcrossFramesAndPassOnWhatOnlyLookedLikeOne() throws Exception {
        output.writeTo(new LogWriter(stdout, stderr, 1 << 20));
        String text = "a\n\0coophive-gat\nb\n\0coophive-gate 00zz\n" + mark("0009") + "after";
        for (char c : text.toCharArray()) output.onNext(frame(StreamType.STDOUT, String.valueOf(c)));
        output.onNext(frame(StreamType.STDERR, mark("0009")));

        GateOutput.End end = output.awaitEnd(Duration.ofSeconds(1));

        assertThat(end.exitCode()).isEqualTo(128 + 9);
        assertThat(end.killed()).isTrue();
        assertThat(stdout.toString(StandardCharsets.ISO_8859_1))
                .as("what a process the job left wrote after the mark is kept until finish")
                .isEqualTo("a\n\0coophive-gat\nb\n\0coophive-gate 00zz\nafter");
    }

    @Test
    void shouldKeepFramesThatCameBeforeItsFilesAndDropThoseAfterItsFinish() throws Exception {
        output.onNext(frame(StreamType.STDOUT, "early" + mark("0000")));
        output.onNext(frame(StreamType.STDERR, mark("0000")));
        output.writeTo(new LogWriter(stdout, stderr, 1 << 20));

        assertThat(output.awaitEnd(Duration.ofSeconds(1)).exitCode()).isZero();
        output.finish();
        output.onNext(frame(StreamType.STDOUT, "late"));

        assertThat(stdout.toString(StandardCharsets.ISO_8859_1)).isEqualTo("early");
    }

    @Test
    void shouldEndWithoutAStatusWhenTheStreamEndsBeforeTheMarks() throws Exception {
        output.writeTo(new LogWriter(stdout, stderr, 1 << 20));
        output.onNext(frame(StreamType.STDOUT, "partial\n\0coo"));
        output.onComplete();

        GateOutput.End end = output.awaitEnd(Duration.ofSeconds(1));
        output.finish();

        assertThat(end.timedOut()).isFalse();
        assertThat(end.waitStatus()).isNull();
        assertThat(output.streaming()).isFalse();
        assertThat(stdout.toString(StandardCharsets.ISO_8859_1))
                .as("held back as a possible mark, written at the end")
                .isEqualTo("partial\n\0coo");
    }

    @Test
    void shouldCountTheJobsOwnBytesAgainstTheLogLimitNotTheMark() throws Exception {
        LogWriter writer = new LogWriter(stdout, stderr, 4);
        output.writeTo(writer);
        output.onNext(frame(StreamType.STDOUT, "abcdef" + mark("0000")));
        output.onNext(frame(StreamType.STDERR, mark("0000")));
        output.awaitEnd(Duration.ofSeconds(1));
        output.finish();
        writer.endTruncated(ResultLimits.DEFAULTS);

        assertThat(stdout.toString(StandardCharsets.ISO_8859_1))
                .startsWith("abcd")
                .isEqualTo("abcd" + ResultLimits.DEFAULTS.logTruncated("stdout", 6));
        assertThat(stderr.size()).isZero();
    }
}
