package org.coophive.executor.module;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module files in git repositories (through JGit) and in local folders.
 *
 * <p>Each repository URL gets one mirror clone under the cache directory. A module file is read
 * straight from the commit's tree, never from a checked-out work tree, so loads of different
 * versions of one repository cannot disturb each other, and a commit once fetched is read again
 * without any network: a full commit id already in the mirror is used as is; a tag or branch is
 * re-resolved with a fetch (tags and branches can move), falling back to the mirror's copy when
 * the remote cannot be reached.
 */
final class RepositoryModules {

    private static final Logger log = LoggerFactory.getLogger(RepositoryModules.class);
    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    private static final Pattern REMOTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*|^[^/\\s]+@[^/\\s]+:.*");

    /** Seconds a clone or fetch may stall before it fails, so an unreachable host cannot hang a load. */
    private static final int NETWORK_TIMEOUT_SECONDS = 60;

    private final Path cacheDir;
    private final AtomicInteger clones = new AtomicInteger();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    RepositoryModules(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** How many clones this instance made (a cached repository is never cloned again). */
    int cloneCount() {
        return clones.get();
    }

    String read(ModuleReference.Repository ref) throws ModuleException {
        String module = ref.label();
        String file = relativePath(module, ref.path());
        Optional<Path> local = localPath(module, ref.repo());
        if (local.isPresent()) {
            Path dir = local.get();
            if (!Files.isDirectory(dir)) {
                // A repository cloned before it was removed can still serve the commits it holds.
                if (ref.ref().isEmpty() || !Files.isDirectory(mirrorOf(localUrl(dir)))) {
                    throw new ModuleException(module, "repository " + ref.repo() + " does not exist");
                }
            } else if (ref.ref().isEmpty()) {
                return readFolder(module, dir, file);
            } else if (!Files.exists(dir.resolve(".git")) && !Files.exists(dir.resolve("HEAD"))) {
                throw new ModuleException(
                        module,
                        ref.repo() + " is a plain folder, not a git repository: it has no tag, branch or commit '"
                                + ref.ref() + "'; leave the hash empty to use its files as they are");
            }
        } else if (ref.ref().isEmpty()) {
            throw new ModuleException(
                    module, "a tag, branch or commit (hash) is required for repository " + ref.repo());
        }
        if (!REF.matcher(ref.ref()).matches() || ref.ref().contains("..")) {
            throw new ModuleException(module, "invalid git ref '" + ref.ref() + "': give a tag, branch or commit id");
        }
        String url = local.map(RepositoryModules::localUrl).orElse(ref.repo());
        Object lock = locks.computeIfAbsent(url, key -> new Object());
        synchronized (lock) {
            return readCommitted(module, url, ref.ref(), file);
        }
    }

    private String readCommitted(String module, String url, String rev, String file) throws ModuleException {
        Path mirror = mirrorOf(url);
        boolean cloned = false;
        if (!Files.isDirectory(mirror)) {
            cloneMirror(module, url, mirror);
            cloned = true;
        }
        try (Git git = Git.open(mirror.toFile())) {
            Repository repository = git.getRepository();
            boolean known = FULL_COMMIT.matcher(rev).matches()
                    && repository.getObjectDatabase().has(ObjectId.fromString(rev));
            if (!cloned && !known) fetch(module, git, url);
            ObjectId commitId = resolve(module, repository, rev);
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit commit = walk.parseCommit(commitId);
                try (TreeWalk tree = TreeWalk.forPath(repository, file, commit.getTree())) {
                    if (tree == null || tree.isSubtree()) {
                        throw new ModuleException(
                                module,
                                "repository " + url + " has no file /" + file + " at " + rev + " (commit "
                                        + commitId.abbreviate(12).name() + ")");
                    }
                    byte[] bytes = repository
                            .open(tree.getObjectId(0), Constants.OBJ_BLOB)
                            .getBytes();
                    log.debug("Loaded module {} from {} at commit {}", module, url, commitId.name());
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new ModuleException(module, "cannot read cached repository " + url + ": " + e.getMessage(), e);
        }
    }

    private Path mirrorOf(String url) {
        return cacheDir.resolve("git").resolve(cacheKey(url));
    }

    /** One URL per local repository, however it was spelled, so it has one cache entry. */
    private static String localUrl(Path dir) {
        String uri = dir.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private void cloneMirror(String module, String url, Path mirror) throws ModuleException {
        Path parent = mirror.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, ".clone-");
        } catch (IOException e) {
            throw new ModuleException(module, "cannot create module cache under " + parent + ": " + e.getMessage(), e);
        }
        try (Git ignored = Git.cloneRepository()
                .setURI(url)
                .setDirectory(staging.toFile())
                .setMirror(true)
                .setTimeout(NETWORK_TIMEOUT_SECONDS)
                .setTagOption(TagOpt.FETCH_TAGS)
                .call()) {
            clones.incrementAndGet();
            log.info("Cloned module repository {}", url);
        } catch (GitAPIException | RuntimeException e) {
            deleteQuietly(staging);
            throw new ModuleException(module, "cannot clone repository " + url + ": " + e.getMessage(), e);
        }
        try {
            Files.move(staging, mirror, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // Another process cloned the same repository meanwhile; its copy is as good as ours.
            deleteQuietly(staging);
        } catch (IOException e) {
            deleteQuietly(staging);
            if (!Files.isDirectory(mirror)) {
                throw new ModuleException(module, "cannot store clone of " + url + ": " + e.getMessage(), e);
            }
        }
    }

    private static void fetch(String module, Git git, String url) {
        try {
            git.fetch()
                    .setRemote("origin")
                    .setTimeout(NETWORK_TIMEOUT_SECONDS)
                    .setTagOpt(TagOpt.FETCH_TAGS)
                    .setRemoveDeletedRefs(true)
                    .setForceUpdate(true)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            // The mirror may still hold the ref; resolve() reports it clearly when it does not.
            log.warn(
                    "Cannot fetch module repository {} for {}, using the cached copy: {}", url, module, e.getMessage());
        }
    }

    private static ObjectId resolve(String module, Repository repository, String rev) throws ModuleException {
        try {
            ObjectId id = repository.resolve(rev + "^{commit}");
            if (id != null) return id;
        } catch (RevisionSyntaxException | IOException e) {
            throw new ModuleException(module, "cannot resolve '" + rev + "': " + e.getMessage(), e);
        }
        throw new ModuleException(
                module,
                "no tag, branch or commit '" + rev + "' in the repository; tags: "
                        + refNames(repository, Constants.R_TAGS) + ", branches: "
                        + refNames(repository, Constants.R_HEADS));
    }

    private static List<String> refNames(Repository repository, String prefix) {
        try {
            return repository.getRefDatabase().getRefsByPrefix(prefix).stream()
                    .map(Ref::getName)
                    .map(name -> name.substring(prefix.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String readFolder(String module, Path dir, String file) throws ModuleException {
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir.normalize()) || !Files.isRegularFile(path)) {
            throw new ModuleException(module, "folder " + dir + " has no file /" + file);
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModuleException(module, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The module file's path relative to the repository root, refusing to leave it. */
    private static String relativePath(String module, String path) throws ModuleException {
        String relative = path.replace('\\', '/');
        while (relative.startsWith("/")) relative = relative.substring(1);
        for (String segment : relative.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new ModuleException(module, "module path " + path + " must stay inside the repository");
            }
        }
        if (relative.isEmpty() || relative.contains("//")) {
            throw new ModuleException(module, "invalid module path '" + path + "'");
        }
        return relative;
    }

    /** Whether {@code repo} names something on this machine's disk (a path or a {@code file:} URL). */
    static boolean isLocal(String repo) {
        return repo.startsWith("file:") || !REMOTE.matcher(repo).matches();
    }

    /** A {@code file:} URL or a plain path names a local directory; anything else is a remote URL. */
    private static Optional<Path> localPath(String module, String repo) throws ModuleException {
        if (repo.startsWith("file:")) {
            try {
                return Optional.of(Path.of(URI.create(repo)));
            } catch (IllegalArgumentException e) {
                throw new ModuleException(module, "invalid file URL " + repo + ": " + e.getMessage(), e);
            }
        }
        if (REMOTE.matcher(repo).matches()) return Optional.empty();
        return Optional.of(Path.of(repo));
    }

    private static String cacheKey(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            String readable =
                    url.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceAll("[^A-Za-z0-9._-]+", "_");
            if (readable.length() > 60) readable = readable.substring(readable.length() - 60);
            return readable + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // Best effort: a leftover staging directory is ignored by later loads.
            log.debug("Cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
