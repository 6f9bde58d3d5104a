package org.coophive.deb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the build left the package and the checkout it was built from. */
final class PackageContents {

    private PackageContents() {}

    /** The .deb of this build (deb/target/coophive.deb). */
    static Path debFile() {
        Path deb = Paths.get(System.getProperty("coophive.deb.file", "target/coophive.deb"));
        if (!Files.isRegularFile(deb)) {
            throw new AssertionError("no package at " + deb.toAbsolutePath() + ": run ./mvnw -pl deb -am verify");
        }
        return deb.toAbsolutePath();
    }

    /** The checkout's root (for systemd/ and docs/). */
    static Path projectDir() {
        return Paths.get(System.getProperty("coophive.project.dir", "..")).toAbsolutePath();
    }
}
