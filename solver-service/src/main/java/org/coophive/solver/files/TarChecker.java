package org.coophive.solver.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a result tar holds only what a result directory can: regular files and
 * directories, under relative paths that stay inside it. Links, devices, FIFOs, absolute paths
 * and {@code ..} are refused, naming the entry, because whoever unpacks the tar (a job creator, a
 * mediator, anyone with GNU tar) must not have files written outside its target or special files
 * created.
 *
 * <p>The archive is read block by block here rather than through a tar library, because the
 * libraries tidy names as they read them (commons-compress drops the leading {@code /} of a PAX
 * {@code path}), and what must be judged is every name exactly as written: the ustar name with
 * its prefix, a PAX {@code path} or {@code linkpath} (per entry or global), a GNU long name. A
 * header whose checksum does not add up, a size that is not a number, data that ends early, or an
 * archive without its end-of-archive block is refused as not a valid tar.
 */
final class TarChecker {

    private static final int BLOCK = 512;

    /** PAX and GNU extension data is small; more is not a result tar. */
    private static final long MAX_EXTENSION = 1 << 20;

    private TarChecker() {}

    /**
     * What is wrong with the tar, or empty if nothing.
     *
     * @throws IOException if reading the stream fails
     */
    static Optional<String> problem(InputStream tar) throws IOException {
        byte[] header = new byte[BLOCK];
        int entries = 0;
        List<String> pending = new ArrayList<>(); // names from extension headers for the next entry
        List<String> global = new ArrayList<>();
        while (true) {
            int read = tar.readNBytes(header, 0, BLOCK);
            if (read == 0) {
                return Optional.of(invalid(entries, "the archive ends without its end-of-archive block (truncated)"));
            }
            if (read < BLOCK) return Optional.of(invalid(entries, "the archive ends inside a header (truncated)"));
            if (isZero(header)) return Optional.empty();
            if (!checksumMatches(header)) return Optional.of(invalid(entries, "a header's checksum does not match"));
            long size;
            try {
                size = size(header);
            } catch (IllegalArgumentException e) {
                return Optional.of(invalid(entries, e.getMessage()));
            }
            byte type = header[156];
            String name = ustarName(header);
            switch (type) {
                case 'x', 'g', 'L', 'K' -> {
                    if (size > MAX_EXTENSION) {
                        return Optional.of(invalid(entries, "an extension header of " + size + " bytes"));
                    }
                    byte[] data = tar.readNBytes((int) size);
                    if (data.length < size || !skip(tar, padding(size))) {
                        return Optional.of(invalid(entries, "the archive ends inside an entry (truncated)"));
                    }
                    List<String> names = type == 'L' || type == 'K' ? List.of(cString(data)) : paxNames(data);
                    if (names == null) return Optional.of(invalid(entries, "a PAX header is malformed"));
                    if (type == 'K' && !names.isEmpty()) {
                        return Optional.of("an entry is a link to " + names.get(0));
                    }
                    (type == 'g' ? global : pending).addAll(names);
                    continue;
                }
                default -> {
                    // an entry of its own, judged below
                }
            }
            entries++;
            List<String> names = new ArrayList<>(global);
            names.addAll(pending);
            names.add(name);
            pending.clear();
            for (String candidate : names) {
                Optional<String> problem = nameProblem(candidate);
                if (problem.isPresent()) return problem;
            }
            String shown = names.get(names.size() - 1);
            Optional<String> problem = typeProblem(type, shown, cString(slice(header, 157, 100)));
            if (problem.isPresent()) return problem;
            if (!skip(tar, size + padding(size))) {
                return Optional.of(invalid(entries, "the archive ends inside entry " + shown + " (truncated)"));
            }
        }
    }

    private static String invalid(int entries, String why) {
        return "not a valid tar archive after " + entries + " entries: " + why;
    }

    private static Optional<String> typeProblem(byte type, String name, String link) {
        return switch (type) {
            case '0', 0, '7', '5' -> Optional.empty();
            case '1' -> Optional.of("entry " + name + " is a hard link to " + link);
            case '2' -> Optional.of("entry " + name + " is a symbolic link to " + link);
            case '3', '4' -> Optional.of("entry " + name + " is a device");
            case '6' -> Optional.of("entry " + name + " is a FIFO");
            default -> Optional.of("entry " + name + " is neither a regular file nor a directory");
        };
    }

    private static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) return Optional.of("an entry has an empty name");
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return Optional.of("entry " + name + " has an absolute path");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) return Optional.of("entry " + name + " leaves the result directory (..)");
        }
        if (name.indexOf('\0') >= 0) return Optional.of("entry " + name + " has a NUL in its name");
        return Optional.empty();
    }

    /** The ustar name: {@code prefix/name} when the header is POSIX ustar and has a prefix. */
    private static String ustarName(byte[] header) {
        String name = cString(slice(header, 0, 100));
        boolean posix = header[257] == 'u' && header[262] == 0; // "ustar\0"; GNU writes "ustar  \0"
        if (posix) {
            String prefix = cString(slice(header, 345, 155));
            if (!prefix.isEmpty()) return prefix + "/" + name;
        }
        return name;
    }

    /** The {@code path} and {@code linkpath} values of PAX records ("len key=value\n"), or null if malformed. */
    private static List<String> paxNames(byte[] data) {
        List<String> names = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') space++;
            int length;
            try {
                length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return null;
            }
            if (length <= 0 || at + length > data.length || data[at + length - 1] != '\n') return null;
            String record = new String(data, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals < 0) return null;
            String key = record.substring(0, equals);
            if (key.equals("path") || key.equals("linkpath")) {
                String value = record.substring(equals + 1);
                names.add(key.equals("linkpath") ? "link target " + value : value);
            }
            at += length;
        }
        // A linkpath says the entry is a link; the link itself is refused by its type, and the
        // target must not be judged as a name of ours, so only paths are returned.
        names.removeIf(n -> n.startsWith("link target "));
        return names;
    }

    private static boolean checksumMatches(byte[] header) {
        String stored = cString(slice(header, 148, 8)).trim();
        long expected;
        try {
            expected = Long.parseLong(stored, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        return expected == unsigned || expected == signed;
    }

    private static long size(byte[] header) {
        if ((header[124] & 0x80) != 0) {
            // GNU base-256: big-endian binary in the remaining bytes.
            long size = 0;
            for (int i = 125; i < 136; i++) {
                if (size > (Long.MAX_VALUE >> 8)) throw new IllegalArgumentException("an entry's size is too large");
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        String octal = cString(slice(header, 124, 12)).trim();
        if (octal.isEmpty()) return 0;
        try {
            long size = Long.parseLong(octal, 8);
            if (size < 0) throw new NumberFormatException();
            return size;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an entry's size is not an octal number: " + octal);
        }
    }

    private static long padding(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    /** Skips exactly {@code n} bytes; false if the stream ends first. */
    private static boolean skip(InputStream in, long n) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) return false;
            n -= read;
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, from, out, 0, length);
        return out;
    }

    /** The bytes up to the first NUL, as UTF-8. */
    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
