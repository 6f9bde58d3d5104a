package org.coophive.saas.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coophive.executor.results.ResultUnpacker;
import org.coophive.saas.config.SaasProperties;
import org.coophive.saas.files.FileStoreException.Reason;
import org.springframework.stereotype.Service;

/**
 * Each user's files, in {@code SAAS_DATA_DIR/files/<account id>/}. A path is a relative name of
 * plain segments: no {@code ..} or {@code .}, no absolute path, no backslash or control character,
 * and no segment that is a symbolic link on disk, so nothing outside the user's folder is ever
 * reached. {@code results/} holds each job's results, read-only for the user.
 */
@Service
public class FileStore {

    public static final String RESULTS = "results";
    private static final Pattern BAD_CHARS = Pattern.compile("[\\x00-\\x1f\\x7f\\\\:*?\"<>|]");
    private static final int MAX_PATH = 500;
    private static final int MAX_SEGMENT = 120;

    private final Path root;

    FileStore(SaasProperties properties) {
        this.root = properties.filesDir().toAbsolutePath().normalize();
    }

    /** The user's files in this folder ({@code ""} for the top), folders first. */
    public List<FileItem> list(long accountId, String folder) {
        Path dir = resolve(accountId, folder, true);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileStoreException(Reason.NOT_FOUND, "no folder " + display(folder));
        }
        List<FileItem> items = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (Files.isSymbolicLink(child)) continue; // Never shown, never followed.
                items.add(item(accountId, child));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        items.sort(Comparator.comparing((FileItem i) -> !i.directory()).thenComparing(FileItem::name));
        return items;
    }

    public FileItem get(long accountId, String path) {
        Path file = resolve(accountId, path, false);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
            throw new FileStoreException(Reason.NOT_FOUND, "no file " + display(path));
        return item(accountId, file);
    }

    /** A regular file's location for reading. */
    public Path read(long accountId, String path) {
        Path file = resolve(accountId, path, false);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileStoreException(Reason.NOT_FOUND, "no file " + display(path));
        }
        return file;
    }

    public FileItem createFolder(long accountId, String path) {
        Path dir = writable(accountId, path);
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileStoreException(Reason.EXISTS, "a file named " + display(path) + " exists");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return item(accountId, dir);
    }

    /** Stores {@code content} as {@code folder/name}, replacing a file of that name. */
    public FileItem upload(long accountId, String folder, String name, InputStream content) {
        String fileName = name == null ? "" : name.strip();
        if (fileName.contains("/") || fileName.contains("\\")) {
            throw new FileStoreException(Reason.BAD_PATH, "a file name may not contain / or \\: " + display(fileName));
        }
        String path = folder == null || folder.isBlank() ? fileName : folder.replaceAll("/+$", "") + "/" + fileName;
        Path target = writable(accountId, path);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileStoreException(Reason.EXISTS, "a folder named " + display(path) + " exists");
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".upload-", ".part");
            try {
                Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return item(accountId, target);
    }

    public FileItem rename(long accountId, String from, String to) {
        Path source = writable(accountId, from);
        Path target = writable(accountId, to);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS))
            throw new FileStoreException(Reason.NOT_FOUND, "no file " + display(from));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            throw new FileStoreException(Reason.EXISTS, display(to) + " exists");
        if (target.startsWith(source))
            throw new FileStoreException(Reason.BAD_PATH, "a folder cannot move into itself");
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return item(accountId, target);
    }

    public void delete(long accountId, String path) {
        Path target = writable(accountId, path);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            throw new FileStoreException(Reason.NOT_FOUND, "no file " + display(path));
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new FileStoreException(Reason.EXISTS, "the folder changed while it was deleted: try again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks a job's result tar into {@code results/<job>} (replacing an earlier partial copy). */
    public Path storeResults(long accountId, UUID jobId, InputStream tar) throws IOException {
        Path dir = userRoot(accountId).resolve(RESULTS).resolve(jobId.toString());
        if (Files.exists(dir)) deleteTree(dir);
        Files.createDirectories(dir);
        ResultUnpacker.unpack(tar, dir);
        return dir;
    }

    /** The files of a job's results, relative to its folder, sorted. */
    public List<String> resultFiles(long accountId, UUID jobId) {
        Path dir = userRoot(accountId).resolve(RESULTS).resolve(jobId.toString());
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path inside the user's folder for a user-given relative path.
     *
     * @throws FileStoreException (BAD_PATH) for anything but plain relative segments, or a
     *     segment that is a symbolic link
     */
    Path resolve(long accountId, String path, boolean allowRoot) {
        String text = path == null ? "" : path.strip();
        while (text.endsWith("/")) text = text.substring(0, text.length() - 1);
        Path base = userRoot(accountId);
        if (text.isEmpty()) {
            if (!allowRoot) throw new FileStoreException(Reason.BAD_PATH, "a path is required");
            return base;
        }
        if (text.length() > MAX_PATH)
            throw new FileStoreException(Reason.BAD_PATH, "the path is longer than " + MAX_PATH + " characters");
        if (text.startsWith("/"))
            throw new FileStoreException(Reason.BAD_PATH, "paths are relative to your folder: " + display(text));
        if (BAD_CHARS.matcher(text).find()) {
            throw new FileStoreException(
                    Reason.BAD_PATH, "the path has a character files may not have: " + display(text));
        }
        Path current = base;
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new FileStoreException(
                        Reason.BAD_PATH, "not a plain path (empty, . or .. segment): " + display(text));
            }
            if (segment.length() > MAX_SEGMENT)
                throw new FileStoreException(Reason.BAD_PATH, "a name is longer than " + MAX_SEGMENT + " characters");
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current))
                throw new FileStoreException(Reason.BAD_PATH, "links are not followed: " + display(text));
        }
        if (!current.normalize().startsWith(base))
            throw new FileStoreException(Reason.BAD_PATH, "outside your folder: " + display(text));
        return current;
    }

    private Path writable(long accountId, String path) {
        Path target = resolve(accountId, path, false);
        Path results = userRoot(accountId).resolve(RESULTS);
        if (target.startsWith(results)) {
            throw new FileStoreException(Reason.READ_ONLY, "results/ holds your jobs' results and is read-only");
        }
        return target;
    }

    private Path userRoot(long accountId) {
        Path dir = root.resolve(Long.toString(accountId));
        try {
            Files.createDirectories(dir.resolve(RESULTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private FileItem item(long accountId, Path file) {
        Path base = userRoot(accountId);
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String relative = base.relativize(file).toString().replace('\\', '/');
            boolean readOnly = relative.equals(RESULTS) || relative.startsWith(RESULTS + "/");
            return new FileItem(
                    file.getFileName().toString(),
                    relative,
                    attributes.isDirectory(),
                    attributes.isDirectory() ? 0 : attributes.size(),
                    attributes.lastModifiedTime().toInstant(),
                    readOnly);
        } catch (NoSuchFileException e) {
            throw new FileStoreException(Reason.NOT_FOUND, "no file " + base.relativize(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    private static String display(String text) {
        String clean = text == null ? "" : text.replaceAll("[\\x00-\\x1f\\x7f]", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
