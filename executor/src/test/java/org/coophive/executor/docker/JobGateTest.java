package org.coophive.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's command line, and the gate program itself run on this machine when it is an amd64
 * Linux one (as the engine runs it, minus the container).
 */
class JobGateTest {

    @TempDir
    Path tmp;

    @Test
    void shouldTryEachPathDirectoryForABareCommandAndKeepTheArgumentsUnchanged() {
        assertThat(JobGate.entrypoint(List.of("cowsay", "moo", "--", ""), "/usr/games::/bin"))
                .containsExactly(
                        "/.coophive/gate",
                        "/usr/games/cowsay",
                        "./cowsay",
                        "/bin/cowsay",
                        "--",
                        "cowsay",
                        "moo",
                        "--",
                        "");
    }

    @Test
    void shouldTryOnlyTheCommandItselfWhenItHoldsASlash() {
        assertThat(JobGate.entrypoint(List.of("./run.sh", "a"), "/bin"))
                .containsExactly("/.coophive/gate", "./run.sh", "--", "./run.sh", "a");
        assertThatThrownBy(() -> JobGate.entrypoint(List.of(), "/bin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeTheModulesCommandElseTheImagesEntrypointAndCommand() {
        InspectImageResponse image = image(new String[] {"/entry"}, new String[] {"cmd", "arg"}, "PATH=/image/bin");

        assertThat(JobGate.argv(List.of("own"), image)).containsExactly("own");
        assertThat(JobGate.argv(List.of(), image)).containsExactly("/entry", "cmd", "arg");
        assertThat(JobGate.argv(List.of(), image(null, null))).isEmpty();
    }

    @Test
    void shouldTakeTheJobsPathElseTheImagesElseTheEnginesDefault() {
        InspectImageResponse image = image(null, new String[] {"x"}, "A=1", "PATH=/image/bin");

        assertThat(JobGate.pathVariable(Map.of("PATH", "/job/bin"), image)).isEqualTo("/job/bin");
        assertThat(JobGate.pathVariable(Map.of(), image)).isEqualTo("/image/bin");
        assertThat(JobGate.pathVariable(Map.of(), image(null, new String[] {"x"})))
                .isEqualTo(JobGate.DEFAULT_PATH);
    }

    @Test
    void shouldRunTheCommandAsItsChildOnlyAfterOneByteThenMarkItsEndAndStay() throws Exception {
        Path gate = gateOnThisMachine();
        Process process = new ProcessBuilder(
                        gate.toString(),
                        "/nowhere/sh",
                        "/bin/sh",
                        "--",
                        "sh",
                        "-c",
                        "echo $0 $1; readlink /proc/self/fd/0; echo err >&2; exit 3",
                        "zero",
                        "one")
                .start();
        assertThat(process.waitFor(300, TimeUnit.MILLISECONDS))
                .as("ran before the byte")
                .isFalse();
        assertThat(process.getInputStream().available()).isZero();

        process.getOutputStream().write('x');
        process.getOutputStream().flush();

        assertThat(read(process.getInputStream(), "zero one\n/dev/null\n\n\0coophive-gate 0300\n"))
                .isEqualTo("zero one\n/dev/null\n\n\0coophive-gate 0300\n");
        assertThat(read(process.getErrorStream(), "err\n\n\0coophive-gate 0300\n"))
                .isEqualTo("err\n\n\0coophive-gate 0300\n");
        assertThat(process.waitFor(300, TimeUnit.MILLISECONDS))
                .as("the gate waits to be removed once its job ended")
                .isFalse();
        process.destroyForcibly().waitFor();
    }

    /** As many bytes as {@code expected} has, read within 10 s. */
    private static String read(InputStream in, String expected) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(
                                in.readNBytes(expected.getBytes(StandardCharsets.UTF_8).length),
                                StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldNeverRunTheCommandWhenStandardInputEndsWithoutTheByte() throws Exception {
        Path gate = gateOnThisMachine();
        Path ran = tmp.resolve("ran");
        Process process = new ProcessBuilder(gate.toString(), "/bin/touch", "--", "touch", ran.toString()).start();
        process.getOutputStream().close();

        assertThat(process.waitFor(500, TimeUnit.MILLISECONDS))
                .as("still waiting")
                .isFalse();
        process.destroyForcibly().waitFor();
        assertThat(ran).doesNotExist();
    }

    @Test
    void shouldEndWithStatus127AndALineOnStderrWhenTheCommandIsNowhere() throws Exception {
        Path gate = gateOnThisMachine();
        Process process = new ProcessBuilder(gate.toString(), "/nowhere/x", "--", "x").start();
        process.getOutputStream().write('x');
        process.getOutputStream().flush();

        String line = "coophive gate: the module's command was not found or cannot be run\n";
        assertThat(read(process.getErrorStream(), line + "\n\0coophive-gate 7f00\n"))
                .isEqualTo(line + "\n\0coophive-gate 7f00\n");
        assertThat(read(process.getInputStream(), "\n\0coophive-gate 7f00\n")).isEqualTo("\n\0coophive-gate 7f00\n");
        process.destroyForcibly().waitFor();
    }

    /**
     * The bytes {@link JobGate} writes are the assembled source: {@code gate-amd64.s} assembled
     * with binutils and wrapped as the gate's executable must give exactly what a gated container
     * runs. Fails (never skips) without binutils: {@code .ci/run} installs it.
     */
    @Test
    void shouldWriteExactlyTheProgramItsAssemblySourceBuildsTo() throws Exception {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/main/gate/gate-amd64.s");
        assertThat(source).exists();
        boolean amd64Host = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        String prefix = amd64Host ? "" : "x86_64-linux-gnu-";
        Path object = tmp.resolve("gate.o");
        Path code = tmp.resolve("gate.bin");

        binutils(prefix + "as", "--64", "-o", object.toString(), source.toString());
        binutils(prefix + "objcopy", "-O", "binary", "-j", ".text", object.toString(), code.toString());

        byte[] assembled = Files.readAllBytes(code);
        assertThat(assembled).as("the gate's code").hasSize(581);
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(JobGate.program("amd64").orElseThrow()))
                .as("the program JobGate writes (hex), against " + source)
                .isEqualTo(hex.formatHex(OutputsSpace.elf(62, assembled)));
    }

    /** Runs a binutils tool; fails saying how to install binutils when it is not there. */
    private static void binutils(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    command[0] + " (GNU binutils) is needed to check the gate against its source: install it"
                            + " (Debian: apt-get install binutils, or binutils-x86-64-linux-gnu on another"
                            + " architecture); .ci/run installs it",
                    e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    private Path gateOnThisMachine() throws Exception {
        assumeTrue(
                System.getProperty("os.name").equals("Linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "the gate is an amd64 Linux program");
        Path gate = tmp.resolve("gate");
        Files.write(gate, JobGate.program("amd64").orElseThrow());
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("r-xr-xr-x"));
        return gate;
    }

    private static InspectImageResponse image(String[] entrypoint, String[] cmd, String... env) {
        return new InspectImageResponse()
                .withConfig(new ContainerConfig()
                        .withEntrypoint(entrypoint)
                        .withCmd(cmd)
                        .withEnv(env));
    }
}
