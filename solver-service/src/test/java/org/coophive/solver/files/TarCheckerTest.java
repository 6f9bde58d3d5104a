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
}
