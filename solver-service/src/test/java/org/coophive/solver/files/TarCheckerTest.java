package org.coophive.solver.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class TarCheckerTest {

    private static Optional<String> check(byte[] tar) throws IOException {
        return TarChecker.problem(new ByteArrayInputStream(tar));
    }

    @Test
    void shouldAcceptRegularFilesAndDirectoriesUnderRelativePaths() throws IOException {
        assertThat(check(TestTars.tree())).isEmpty();
    }

    @Test
    void shouldRefuseAnEntryThatClimbsOutOfTheResultDirectory() throws IOException {
        assertThat(check(TestTars.file("outputs/../../etc/passwd", "x")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("outputs/../../etc/passwd", ".."));
    }

    @Test
    void shouldRefuseAnAbsolutePath() throws IOException {
        assertThat(check(TestTars.file("/etc/cron.d/job", "x")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("/etc/cron.d/job", "absolute"));
    }

    @Test
    void shouldRefuseASymbolicLink() throws IOException {
        assertThat(check(TestTars.special("outputs/link", TarConstants.LF_SYMLINK, "/etc/passwd")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("outputs/link", "symbolic link"));
    }

    @Test
    void shouldRefuseAHardLink() throws IOException {
        assertThat(check(TestTars.special("outputs/hard", TarConstants.LF_LINK, "/etc/shadow")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("outputs/hard", "hard link"));
    }

    @Test
    void shouldRefuseDevicesAndFifos() throws IOException {
        assertThat(check(TestTars.special("outputs/dev", TarConstants.LF_CHR, null)))
                .hasValueSatisfying(problem -> assertThat(problem).contains("outputs/dev", "device"));
        assertThat(check(TestTars.special("outputs/disk", TarConstants.LF_BLK, null)))
                .hasValueSatisfying(problem -> assertThat(problem).contains("device"));
        assertThat(check(TestTars.special("outputs/pipe", TarConstants.LF_FIFO, null)))
                .hasValueSatisfying(problem -> assertThat(problem).contains("FIFO"));
    }

    @Test
    void shouldRefuseBytesThatAreNotATar() throws IOException {
        byte[] garbage = new byte[1024];
        java.util.Arrays.fill(garbage, (byte) 'x');

        assertThat(check(garbage))
                .hasValueSatisfying(problem -> assertThat(problem).contains("not a valid tar"));
    }

    @Test
    void shouldRefuseAnAbsolutePathInAPaxHeaderEvenWhenTheUstarNameIsRelative() throws IOException {
        assertThat(check(TestTars.paxPath("outputs/fine", "outputs/fine"))).isEmpty();
        assertThat(check(TestTars.paxPath("/etc/cron.d/job", "outputs/fine")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("/etc/cron.d/job", "absolute"));
        assertThat(check(TestTars.paxPath("outputs/../../x", "outputs/fine")))
                .hasValueSatisfying(problem -> assertThat(problem).contains(".."));
    }

    @Test
    void shouldRefuseATruncatedArchive() throws IOException {
        byte[] whole = TestTars.tree();
        for (int cut : new int[] {100, 512 + 100, 1024 + 2, whole.length - 1024 - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);

            assertThat(check(truncated)).as("cut at " + cut).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("not a valid tar", "truncated"));
        }
        byte[] noEnd = java.util.Arrays.copyOf(whole, 3 * 512); // the entries, without the end blocks
        assertThat(check(noEnd))
                .hasValueSatisfying(problem -> assertThat(problem).contains("truncated"));
    }

    @Test
    void shouldRefuseAHeaderWithABadChecksum() throws IOException {
        byte[] tar = TestTars.tree();
        tar[600] ^= 1; // a byte of the second header's name

        assertThat(check(tar)).hasValueSatisfying(problem -> assertThat(problem).contains("checksum"));
    }
}
