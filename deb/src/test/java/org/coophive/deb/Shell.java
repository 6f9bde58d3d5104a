package org.coophive.deb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands (docker, dpkg-deb, systemd-analyze) to completion with a deadline. */
final class Shell {

    /** What a finished command left: its exit code and its stdout and stderr. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** The stdout, or an assertion error with everything the command said. */
        String ok() {
            if (exitCode != 0) throw new AssertionError(describe());
            return stdout;
        }

        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n"
                    + stderr;
        }
    }

    private Shell() {}

    static Result run(Duration timeout, String... command) {
        return run(null, timeout, List.of(command));
    }

    static Result run(Path directory, Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) builder.directory(directory.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outReader = drain(process.getInputStream(), out);
            Thread errReader = drain(process.getErrorStream(), err);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                outReader.join();
                errReader.join();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\n--- stdout:\n" + out.toString(StandardCharsets.UTF_8) + "\n--- stderr:\n"
                        + err.toString(StandardCharsets.UTF_8));
            }
            outReader.join();
            errReader.join();
            return new Result(
                    new ArrayList<>(command),
                    process.exitValue(),
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    static Thread drain(InputStream in, ByteArrayOutputStream sink) {
        Thread thread = new Thread(
                () -> {
                    try (in) {
                        in.transferTo(sink);
                    } catch (IOException e) {
                        // The process was destroyed: what was read so far is kept.
                    }
                },
                "shell-drain");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
