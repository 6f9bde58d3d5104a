package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch cache's jars lose their signature files, and nothing else. */
class UnsignedJarsTest {

    @TempDir
    Path lib;

    @Test
    void shouldDropOnlyTheSignatureFilesWhenAJarIsSigned() throws IOException {
        Path signed = jar(
                "bcprov.jar",
                Map.of(
                        "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
                        "META-INF/BC1024KE.SF", "signature",
                        "META-INF/BC1024KE.DSA", "block",
                        "META-INF/OTHER.rsa", "block",
                        "META-INF/versions/9/module-info.class", "module",
                        "META-INF/services/java.security.Provider",
                                "org.bouncycastle.jce.provider.BouncyCastleProvider",
                        "org/bouncycastle/Example.class", "bytecode"));

        List<Path> rewritten = UnsignedJars.unsign(lib);

        assertThat(rewritten).containsExactly(signed);
        assertThat(entries(signed))
                .containsOnlyKeys(
                        "META-INF/MANIFEST.MF",
                        "META-INF/versions/9/module-info.class",
                        "META-INF/services/java.security.Provider",
                        "org/bouncycastle/Example.class")
                .containsEntry("org/bouncycastle/Example.class", "bytecode")
                .containsEntry(
                        "META-INF/services/java.security.Provider",
                        "org.bouncycastle.jce.provider.BouncyCastleProvider");
        assertThat(UnsignedJars.isSigned(signed)).isFalse();
    }

    @Test
    void shouldLeaveAnUnsignedJarUntouchedWhenUnsigning() throws IOException {
        Path plain = jar("picocli.jar", Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "A.class", "a"));
        FileTime before = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(plain, before);

        assertThat(UnsignedJars.unsign(lib)).isEmpty();

        assertThat(Files.getLastModifiedTime(plain)).isEqualTo(before);
        assertThat(entries(plain)).containsEntry("A.class", "a");
    }

    @Test
    void shouldTellSignatureFilesFromOthersWhenNamed() {
        assertThat(UnsignedJars.isSignatureFile("META-INF/BC2048KE.SF")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/BC2048KE.RSA")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("meta-inf/key.ec")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/sub/KEY.SF")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("META-INF/MANIFEST.MF")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("org/example/KEY.SF")).isFalse();
    }

    private Path jar(String name, Map<String, String> contents) throws IOException {
        Path jar = lib.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : contents.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Map<String, String> entries(Path jar) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> list = new ArrayList<>(zip.stream().toList());
            for (ZipEntry entry : list) {
                entries.put(
                        entry.getName(), new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
