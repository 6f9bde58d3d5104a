package org.coophive.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coophive.common.testing.HealthProbe;

/**
 * One service started from its built jar as a separate JVM, its output in
 * {@code target/system-tests/<name>.log}. Stops the way a user or a crash would: SIGTERM with
 * {@link #stop()}, SIGKILL with {@link #kill()}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java -jar <module>.jar args...} with the given environment added to this
     * JVM's, and {@code SERVER_PORT} set to {@code port}.
     */
    static ServiceProcess start(String name, String module, int port, Map<String, String> env, List<String> args)
            throws IOException {
        return start(name, module, port, env, args, null);
    }

    /**
     * As above; with {@code loaderPath} not null, the jar runs through Spring Boot's
     * {@code PropertiesLauncher} with that folder ahead of the jar's classes ({@code loader.path}),
     * so the folder's {@code modules/} catalogue adds test modules.
     */
    static ServiceProcess start(
            String name, String module, int port, Map<String, String> env, List<String> args, Path loaderPath)
            throws IOException {
        Path jar = ServiceJars.jar(module);
        Path logs = Files.createDirectories(Path.of("target", "system-tests"));
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Tests start many short-lived services: C1 only starts them faster. Benchmarks turn it off.
        if (!Boolean.getBoolean("coophive.services.fullJit")) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(jvmOptions(name));
        command.addAll(launch(jar, loaderPath));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        return new ServiceProcess(name, port, log, builder.start());
    }

    /**
     * Extra JVM options for every service, from the system property {@code coophive.services.jvmArgs}
     * (space-separated; {@code {name}} becomes the service's name), e.g. a flight recording per
     * service: {@code -Dcoophive.services.jvmArgs=-XX:StartFlightRecording=filename=target/jfr/{name}.jfr}.
     */
    static List<String> jvmOptions(String name) {
        String options = System.getProperty("coophive.services.jvmArgs", "").strip();
        if (options.isEmpty()) return List.of();
        return Arrays.stream(options.split("\\s+"))
                .map(option -> option.replace("{name}", name))
                .toList();
    }

    /** The arguments after {@code java [options]} that start this jar's application. */
    static List<String> launch(Path jar, Path loaderPath) {
        if (loaderPath == null) return List.of("-jar", jar.toString());
        return List.of(
                "-Dloader.path=" + loaderPath.toAbsolutePath(),
                "-cp",
                jar.toString(),
                "org.springframework.boot.loader.launch.PropertiesLauncher");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    /** The CPU time the service's JVM used so far (user and system), zero if unknown. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The status code {@code /actuator/health} answers with (200 UP, 503 DOWN), or -1 with no answer. */
    int healthStatus() {
        return HealthProbe.status(url());
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the log's tail otherwise. */
    ServiceProcess awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(60));
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) return this;
            } catch (IOException e) {
                // Not listening yet: poll again until the deadline.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not healthy within " + timeout + ":\n" + tail(60));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until {@code /actuator/health} answers at all (UP or DOWN): for a service started with
     * a dependency deliberately out of reach.
     */
    ServiceProcess awaitAnswering(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(60));
            }
            try {
                HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return this;
            } catch (IOException e) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not answering within " + timeout + ":\n" + tail(60));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for a graceful exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The last lines of the service's log. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The whole log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop();
    }
}
