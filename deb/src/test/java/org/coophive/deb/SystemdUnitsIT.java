package org.coophive.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package as dpkg sees it, and every unit in it as systemd sees it: {@code systemd-analyze
 * verify} against the unpacked package (the units, the launcher and await-ready at their installed
 * paths), failing on any output, warnings included.
 */
class SystemdUnitsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path root;

    private static Path deb;

    @BeforeAll
    static void unpack() throws IOException {
        deb = PackageContents.debFile();
        Shell.run(TIMEOUT, "dpkg-deb", "-x", deb.toString(), root.toString()).ok();
        // What systemd-analyze needs of a host besides the package: the standard targets and units the
        // coophive units name (network-online.target, ...). Bacalhau is the operator's to install: a stub.
        Path system = root.resolve("lib/systemd/system");
        try (Stream<Path> targets = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path target :
                    targets.filter(p -> p.toString().endsWith(".target")).toList()) {
                Files.copy(target, system.resolve(target.getFileName()));
            }
        }
        Path bacalhau = root.resolve("usr/bin/bacalhau");
        Files.writeString(bacalhau, "#!/bin/sh\n");
        Files.setPosixFilePermissions(bacalhau, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void everyUnitVerifiesWithoutAWord() throws IOException {
        List<String> units = packagedUnits();
        assertThat(units)
                .containsExactlyInAnyOrder(
                        "coophive-bacalhau.service",
                        "coophive-faucet.service",
                        "coophive-job-creator.service",
                        "coophive-mediator.service",
                        "coophive-resource-provider-gpu.service",
                        "coophive-resource-provider.service",
                        "coophive-saas-api.service",
                        "coophive-solver.service");
        List<String> failures = new ArrayList<>();
        for (String unit : units) {
            Shell.Result verify = Shell.run(TIMEOUT, "systemd-analyze", "verify", "--root=" + root, unit);
            if (verify.exitCode() != 0
                    || !verify.stdout().isBlank()
                    || !verify.stderr().isBlank()) {
                failures.add(verify.describe());
            }
        }
        assertThat(failures).as("systemd-analyze verify output").isEmpty();
    }

    @Test
    void theUnitsAreTheCheckoutsAndEachNamesItsEnvFileAndExample() throws IOException {
        Path systemd = PackageContents.projectDir().resolve("systemd");
        Pattern envFile = Pattern.compile("(?m)^EnvironmentFile=/etc/coophive/([a-z-]+)\\.env$");
        for (String unit : packagedUnits()) {
            String packaged =
                    Files.readString(root.resolve("lib/systemd/system").resolve(unit));
            assertThat(packaged).as(unit).isEqualTo(Files.readString(systemd.resolve(unit)));
            Matcher matcher = envFile.matcher(packaged);
            assertThat(matcher.find())
                    .as(unit + " names an EnvironmentFile under /etc/coophive")
                    .isTrue();
            assertThat(root.resolve("etc/coophive/" + matcher.group(1) + ".env.example"))
                    .as("the example of " + unit + "'s env file")
                    .isRegularFile();
            assertThat(packaged)
                    .as(unit)
                    .contains("User=coophive", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes")
                    .contains("Restart=on-failure", "StartLimitBurst=", "StateDirectory=coophive/");
        }
    }

    @Test
    void everyVariableAUnitSetsIsInItsExample() throws IOException {
        Pattern environment = Pattern.compile("(?m)^Environment=(.*)$");
        Pattern envFile = Pattern.compile("(?m)^EnvironmentFile=/etc/coophive/([a-z-]+)\\.env$");
        for (String unit : packagedUnits()) {
            String text = Files.readString(root.resolve("lib/systemd/system").resolve(unit));
            Matcher file = envFile.matcher(text);
            assertThat(file.find()).isTrue();
            String example = Files.readString(root.resolve("etc/coophive/" + file.group(1) + ".env.example"));
            Matcher line = environment.matcher(text);
            while (line.find()) {
                for (String assignment : line.group(1).replace("\"", "").split(" ")) {
                    if (!assignment.contains("=")) continue;
                    String name = assignment.substring(0, assignment.indexOf('='));
                    if (name.startsWith("MANAGEMENT_") || name.equals("HOME")) continue; // the units' own plumbing
                    assertThat(example)
                            .as(unit + " sets " + name + ": its example names it")
                            .containsPattern("(?m)^#?" + name + "=");
                }
            }
        }
    }

    /** systemd's own score of the sandbox (0 = locked down, 10 = exposed): the Java services stay at or below 2. */
    @Test
    void theServicesAreSandboxed() throws IOException {
        Pattern level = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");
        for (String unit : packagedUnits()) {
            Shell.Result security =
                    Shell.run(TIMEOUT, "systemd-analyze", "security", "--offline=true", "--root=" + root, unit);
            Matcher matcher = level.matcher(security.stdout() + security.stderr());
            assertThat(matcher.find()).as(security.describe()).isTrue();
            double exposure = Double.parseDouble(matcher.group(1));
            double limit = unit.equals("coophive-bacalhau.service") ? 6.0 : 2.0;
            assertThat(exposure).as(unit + " exposure").isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void packageCarriesTheJarsTheLauncherAndOnlyExamplesAsConffiles(@TempDir Path controlDir) throws IOException {
        Shell.Result info = Shell.run(TIMEOUT, "dpkg-deb", "-I", deb.toString());
        String control = info.ok();
        assertThat(control)
                .contains("Package: coophive", "Version: 0.1.0~snapshot", "Depends: openjdk-17-jre-headless");

        Set<String> jars = new TreeSet<>();
        try (Stream<Path> files = Files.list(root.resolve("usr/share/coophive"))) {
            files.map(p -> p.getFileName().toString()).forEach(jars::add);
        }
        assertThat(jars)
                .contains(
                        "solver-service.jar",
                        "resource-provider-service.jar",
                        "mediator-service.jar",
                        "jobcreator-service.jar",
                        "saas-api.jar",
                        "coophive-admin.jar",
                        "VERSION");
        assertThat(Files.isExecutable(root.resolve("usr/bin/coophive"))).isTrue();
        assertThat(Files.isExecutable(root.resolve("usr/lib/coophive/await-ready")))
                .isTrue();

        // The conffiles are the examples only: the operator's env files, with keys, are never the package's.
        Shell.run(TIMEOUT, "dpkg-deb", "-e", deb.toString(), controlDir.toString())
                .ok();
        List<String> conffiles = Files.readAllLines(controlDir.resolve("conffiles"));
        assertThat(conffiles).isNotEmpty().allMatch(path -> path.matches("/etc/coophive/[a-z-]+\\.env\\.example"));
        assertThat(conffiles).hasSize(8);
    }

    private static List<String> packagedUnits() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("lib/systemd/system"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("coophive-") && name.endsWith(".service"))
                    .sorted()
                    .toList();
        }
    }
}
