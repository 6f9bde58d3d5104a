package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/coophive run}'s fast start (README, Benchmarks): it runs the job creator's jar
 * extracted once into a cache folder, with a class data sharing archive when there is one. A
 * person must not tell the difference but the time: the same output and exit codes as the jar
 * itself, no archive made from a {@code --help}, and an archive the JVM cannot use ignored without
 * a word.
 */
class RunLauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("coophive.project.dir", ".."))
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path cache;

    @TempDir
    Path work;

    @Test
    void shouldAnswerAsTheJarDoesWhenRunFromTheExtractedJar() throws Exception {
        Output jar = java(List.of("run", "--help"));
        Output launched = launcher(List.of("run", "--help"));

        assertThat(launched.code()).as(launched.err()).isZero();
        assertThat(launched.out()).contains("Usage: run").isEqualTo(jar.out());
        assertThat(launched.err()).isEqualTo(jar.err());
        Path extracted = extraction();
        assertThat(extracted.resolve("jobcreator-service.jar")).isRegularFile();
        assertThat(extracted.resolve("lib")).isDirectory();
        assertThat(signedJars(extracted.resolve("lib")))
                .as("the archive leaves out a signed jar's classes: the cache's copies are unsigned")
                .isEmpty();
        assertThat(jarsNamed(extracted.resolve("lib"), "bcprov-"))
                .as("BouncyCastle is still there")
                .hasSize(1);
        assertThat(archives())
                .as("a --help loads too few classes to make the archive")
                .isEmpty();

        Output badJar = java(List.of("run"));
        Output badLaunched = launcher(List.of("run"));
        assertThat(badLaunched.code()).isEqualTo(2).isEqualTo(badJar.code());
        assertThat(badLaunched.err()).contains("Missing required parameter").isEqualTo(badJar.err());
        assertThat(archives()).as("a failed run makes no archive").isEmpty();
    }

    @Test
    void shouldIgnoreAnArchiveTheJvmCannotUseWithoutAWord() throws Exception {
        Output jar = java(List.of("run", "--help"));
        launcher(List.of("run", "--help"));
        Files.writeString(extraction().resolve("jobcreator-service.jsa"), "not an archive");

        Output launched = launcher(List.of("run", "--help"));

        assertThat(launched.code()).as(launched.err()).isZero();
        assertThat(launched.out()).isEqualTo(jar.out());
        assertThat(launched.err()).isEqualTo(jar.err()).isEmpty();
    }

    private record Output(int code, String out, String err) {}

    private Output launcher(List<String> args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(ROOT.resolve("bin/coophive").toString()));
        command.addAll(args);
        return start(command, Map.of("COOPHIVE_CACHE_DIR", cache.toString()));
    }

    private Output java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                ServiceJars.jar("jobcreator-service").toString()));
        command.addAll(args);
        return start(command, Map.of());
    }

    private Output start(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // The checkout's jars, this JDK.
        builder.environment().remove("COOPHIVE_HOME");
        builder.environment().remove("COOPHIVE_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 2 minutes");
        }
        return new Output(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path extraction() throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            List<Path> dirs = entries.filter(
                            path -> path.getFileName().toString().startsWith("jobcreator-service-"))
                    .toList();
            assertThat(dirs).as("one extraction in %s", cache).hasSize(1);
            return dirs.get(0);
        }
    }

    private static List<Path> jarsNamed(Path lib, String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix))
                    .toList();
        }
    }

    private static List<String> signedJars(Path lib) throws IOException {
        List<String> signed = new ArrayList<>();
        for (Path jar : jarsNamed(lib, "")) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.stream()
                        .map(ZipEntry::getName)
                        .anyMatch(name -> name.matches("(?i)META-INF/[^/]+\\.(SF|RSA|DSA|EC)"))) {
                    signed.add(jar.getFileName().toString());
                }
            }
        }
        return signed;
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(path -> path.toString().endsWith(".jsa")).toList();
        }
    }
}
