package org.coophive.jobcreator.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Removes the signatures from the jars of {@code run}'s launch cache (bin/coophive, when it
 * extracts the job creator's jar): the JVM's class data sharing archive leaves out every class of
 * a signed jar, and BouncyCastle's (the key and the signatures of every transaction) and JGit's
 * are signed, so each run loaded ~500 classes from the jar and checked the jar's signature first
 * (about 0.2 s of CPU). OpenJDK does not ask a security provider to be signed, and nothing on the
 * {@code run} path reads a signer. The jars of the services themselves stay as built.
 *
 * <p>{@code java -cp jobcreator-service.jar org.coophive.jobcreator.run.UnsignedJars DIR}: each
 * signed jar in {@code DIR} is rewritten without its {@code META-INF/*.SF}, {@code .RSA}, {@code
 * .DSA} and {@code .EC} files (the manifest's digests stay: without a signature file they are
 * not checked); a jar that cannot be rewritten stays signed, which is only slower.
 */
public final class UnsignedJars {

    private UnsignedJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UnsignedJars DIR");
            System.exit(2);
        }
        for (Path jar : unsign(Path.of(args[0]))) {
            System.out.println("unsigned " + jar.getFileName());
        }
    }

    /** Rewrites each signed jar of {@code dir} without its signature; returns the jars rewritten. */
    static List<Path> unsign(Path dir) throws IOException {
        List<Path> rewritten = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (isSigned(jar)) {
                    rewriteWithoutSignature(jar);
                    rewritten.add(jar);
                }
            }
        }
        return rewritten;
    }

    /** A signature file: directly in {@code META-INF}, as the JDK's {@code JarFile} looks for them. */
    static boolean isSignatureFile(String entry) {
        if (!entry.regionMatches(true, 0, "META-INF/", 0, 9) || entry.indexOf('/', 9) >= 0) return false;
        String name = entry.toUpperCase(Locale.ROOT);
        return name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC");
    }

    static boolean isSigned(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                if (isSignatureFile(entries.nextElement().getName())) return true;
            }
        }
        return false;
    }

    private static void rewriteWithoutSignature(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigned.tmp");
        try (ZipFile zip = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // Written once, read from the archive afterwards: the fastest compression will do.
            out.setLevel(Deflater.BEST_SPEED);
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (isSignatureFile(entry.getName())) continue;
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
