package org.coophive.executor.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.coophive.common.model.ModuleConfig;
import org.coophive.executor.JobSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryModuleTest {

    @TempDir
    Path cache;

    @TempDir
    Path origin;

    private ModuleLoader loader;
    private String url;
    private RevCommit first;

    private static String module(String image) {
        return """
                {
                  "image": "%s",
                  "command": ["echo", "{{Message}}"],
                  "inputs": {"Message": {"default": "hello"}},
                  "resources": {"cpu_millis": 100, "memory_mb": 32, "gpus": 0},
                  "timeout_seconds": 5,
                  "verification": "exact"
                }
                """
                .formatted(image);
    }

    @BeforeEach
    void createRepository() throws Exception {
        loader = new ModuleLoader(cache);
        url = origin.toUri().toString();
        try (Git git = Git.init()
                .setDirectory(origin.toFile())
                .setInitialBranch("main")
                .call()) {
            first = commit(git, "module.json", module("example/one:1"), "first version");
            git.tag().setName("v1").setAnnotated(true).setMessage("version 1").call();
            commit(git, "module.json", module("example/two:2"), "second version");
            git.tag().setName("v2").setAnnotated(false).call();
        }
    }

    private RevCommit commit(Git git, String file, String content, String message) throws Exception {
        Path path = origin.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        git.add().addFilepattern(file).call();
        return git.commit()
                .setMessage(message)
                .setAuthor("Module Author", "author@example.org")
                .setCommitter("Module Author", "author@example.org")
                .setSign(false)
                .call();
    }

    @Test
    void shouldLoadModuleAtTagWhenRepositoryIsFileUrl() throws Exception {
        JobSpec v1 = loader.load(new ModuleReference.Repository(url, "v1", null), Map.of("Message", "moo"));
        JobSpec v2 = loader.load(new ModuleReference.Repository(url, "v2", "/module.json"), Map.of());

        assertThat(v1.image()).isEqualTo("example/one:1");
        assertThat(v1.command()).containsExactly("echo", "moo");
        assertThat(v2.image()).isEqualTo("example/two:2");
        assertThat(v1.module()).isEqualTo(url + "@v1");
    }

    @Test
    void shouldLoadModuleAtCommitWhenHashIsCommitIdOrBranch() throws Exception {
        JobSpec byCommit = loader.load(new ModuleConfig("", url, first.getName(), "/module.json"), Map.of());
        JobSpec byShortCommit =
                loader.load(new ModuleConfig("", url, first.abbreviate(10).name(), ""), Map.of());
        JobSpec byBranch = loader.load(new ModuleConfig("", url, "main", ""), Map.of());

        assertThat(byCommit.image()).isEqualTo("example/one:1");
        assertThat(byShortCommit.image()).isEqualTo("example/one:1");
        assertThat(byBranch.image()).isEqualTo("example/two:2");
    }

    @Test
    void shouldNotCloneAgainWhenRepositoryIsCached() throws Exception {
        loader.load(new ModuleReference.Repository(url, "v1", null), Map.of());
        loader.load(new ModuleReference.Repository(url, "v1", null), Map.of());
        loader.load(new ModuleReference.Repository(url, "v2", null), Map.of());

        assertThat(loader.cloneCount()).isEqualTo(1);
        try (Stream<Path> entries = Files.list(cache.resolve("git"))) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void shouldLoadCachedCommitWhenOriginIsGone() throws Exception {
        loader.load(new ModuleReference.Repository(url, "v1", null), Map.of());
        deleteRecursively(origin);

        JobSpec byCommit = loader.load(new ModuleReference.Repository(url, first.getName(), null), Map.of());
        JobSpec byTag = loader.load(new ModuleReference.Repository(url, "v1", null), Map.of());

        assertThat(byCommit.image()).isEqualTo("example/one:1");
        assertThat(byTag.image()).isEqualTo("example/one:1");
        assertThat(loader.cloneCount()).isEqualTo(1);
    }

    @Test
    void shouldSeeNewTagWhenItIsPushedAfterFirstLoad() throws Exception {
        loader.load(new ModuleReference.Repository(url, "v1", null), Map.of());
        try (Git git = Git.open(origin.toFile())) {
            commit(git, "module.json", module("example/three:3"), "third version");
            git.tag().setName("v3").call();
        }

        JobSpec v3 = loader.load(new ModuleReference.Repository(url, "v3", null), Map.of());

        assertThat(v3.image()).isEqualTo("example/three:3");
        assertThat(loader.cloneCount()).isEqualTo(1);
    }

    @Test
    void shouldListTagsAndBranchesWhenRefIsUnknown() {
        assertThatThrownBy(() -> loader.load(new ModuleReference.Repository(url, "v9", null), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("no tag, branch or commit 'v9'")
                .hasMessageContaining("tags: [v1, v2]")
                .hasMessageContaining("branches: [main]");
    }

    @Test
    void shouldNameFileWhenRepositoryHasNoModuleFileAtPath() {
        assertThatThrownBy(() -> loader.load(new ModuleReference.Repository(url, "v1", "/modules/sdxl.json"), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("has no file /modules/sdxl.json at v1");
    }

    @Test
    void shouldSayRepositoryIsMissingWhenItDoesNotExist() {
        String missing = origin.resolve("nowhere").toUri().toString();

        assertThatThrownBy(() -> loader.load(new ModuleReference.Repository(missing, "v1", null), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldSayCloneFailedWhenRemoteIsNotAGitRepository(@TempDir Path empty) throws IOException {
        Path bare = Files.createDirectories(empty.resolve("repo.git"));
        Files.writeString(bare.resolve("HEAD"), "not a git repository\n");

        assertThatThrownBy(() ->
                        loader.load(new ModuleReference.Repository(bare.toUri().toString(), "v1", null), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("cannot clone repository");
        assertThat(loader.cloneCount()).isZero();
    }

    @Test
    void shouldRequireHashWhenRepositoryIsRemote() {
        assertThatThrownBy(
                        () -> loader.load(new ModuleConfig("", "https://example.org/org/module.git", "", ""), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("a tag, branch or commit (hash) is required");
    }

    @Test
    void shouldReadFilesAsTheyAreWhenLocalFolderIsGivenWithoutHash(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/module.json"), module("example/local:dev"));

        JobSpec job =
                loader.load(new ModuleConfig("", folder.toString(), "", "/sub/module.json"), Map.of("Message", "x"));

        assertThat(job.image()).isEqualTo("example/local:dev");
        assertThat(job.command()).containsExactly("echo", "x");
        assertThat(loader.cloneCount()).isZero();
    }

    @Test
    void shouldRefuseHashWhenLocalFolderIsNotAGitRepository(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("module.json"), module("example/local:dev"));

        assertThatThrownBy(() -> loader.load(new ModuleConfig("", folder.toString(), "v1", ""), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("is a plain folder, not a git repository");
    }

    @Test
    void shouldRefuseLocalRepositoryWhenOnlyRemoteModulesAreAccepted() {
        assertThatThrownBy(() -> loader.loadRemoteOnly(new ModuleConfig("", url, "v1", ""), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("not accepted here");
    }

    @Test
    void shouldRefusePathWhenItLeavesTheRepository() {
        assertThatThrownBy(() -> loader.load(new ModuleReference.Repository(url, "v1", "/../secret.json"), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("must stay inside the repository");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        assertThat(dir).doesNotExist();
    }
}
