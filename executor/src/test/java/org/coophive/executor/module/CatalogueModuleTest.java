package org.coophive.executor.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.model.ModuleConfig;
import org.coophive.executor.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueModuleTest {

    @TempDir
    Path cache;

    @Test
    void shouldRenderMessageIntoCommandWhenCowsayIsLoadedWithMessage() throws Exception {
        JobSpec job = new ModuleLoader(cache).load(ModuleReference.parse("cowsay:v0.0.1"), Map.of("Message", "moo"));

        assertThat(job.module()).isEqualTo("cowsay:v0.0.1");
        assertThat(job.image()).isEqualTo("coophive/cowsay:v0.0.1");
        assertThat(job.command()).containsExactly("/usr/games/cowsay", "--", "moo");
        assertThat(job.network()).isFalse();
        assertThat(job.gpus()).isZero();
        assertThat(job.cpuMillis()).isEqualTo(1000);
        assertThat(job.memoryMb()).isEqualTo(128);
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(job.outputsPath()).isEqualTo("/outputs");
        assertThat(job.verification()).isEqualTo(JobSpec.Verification.EXACT);
    }

    @Test
    void shouldUseDefaultMessageWhenNoInputIsGiven() throws Exception {
        JobSpec job = new ModuleLoader(cache).load(ModuleReference.parse("cowsay:v0.0.1"), Map.of());

        assertThat(job.command()).containsExactly("/usr/games/cowsay", "--", "Hello World!");
    }

    @Test
    void shouldLoadCatalogueModuleWhenWireConfigNamesIt() throws Exception {
        JobSpec job = new ModuleLoader(cache).load(ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"));

        assertThat(job.command()).last().isEqualTo("moo");
    }

    @Test
    void shouldListKnownModulesWhenModuleIsUnknown() {
        assertThatThrownBy(() -> new ModuleLoader(cache).load(ModuleReference.parse("cowsy:v0.0.1"), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("unknown module 'cowsy'")
                .hasMessageContaining("cowsay [v0.0.1]")
                .hasMessageContaining("sdxl [v0.2.9]")
                .hasMessageContaining("mistral-7b-instruct [v0.1.0]");
    }

    @Test
    void shouldListVersionsWhenVersionIsUnknown() {
        assertThatThrownBy(() -> new ModuleLoader(cache).load(ModuleReference.parse("cowsay:v9.9.9"), Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("unknown version 'v9.9.9' of module cowsay")
                .hasMessageContaining("[v0.0.1]");
    }

    @Test
    void shouldNameInputWhenUserGivesInputModuleDoesNotDeclare() {
        assertThatThrownBy(() ->
                        new ModuleLoader(cache).load(ModuleReference.parse("cowsay:v0.0.1"), Map.of("Mesage", "moo")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("cowsay:v0.0.1")
                .hasMessageContaining("unknown input 'Mesage'")
                .hasMessageContaining("takes: Message");
    }

    @Test
    void shouldRejectReferenceWhenItIsNotNameColonVersion() {
        assertThatThrownBy(() -> ModuleReference.parse("cowsay"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected name:version");
        assertThatThrownBy(() -> ModuleReference.parse("https://github.com/someone/module:v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected name:version");
    }

    @Test
    void shouldReadThirdPartyGitModuleWhenReferenceNamesHostAndRepository() {
        assertThat(ModuleReference.parse("github.com/someone/cowsay-module:v1"))
                .isEqualTo(new ModuleReference.Repository(
                        "https://github.com/someone/cowsay-module", "v1", "/module.json"));
    }

    @Test
    void shouldDeclareOneGpuAndNoVerificationWhenModuleIsGpuModel() throws Exception {
        ModuleLoader loader = new ModuleLoader(cache);

        JobSpec sdxl = loader.load(
                ModuleReference.parse("sdxl:v0.2.9"), Map.of("PromptEnv", "PROMPT=a record player in Iceland"));
        JobSpec mistral = loader.load(ModuleReference.parse("mistral-7b-instruct:v0.1.0"), Map.of());

        assertThat(sdxl.gpus()).isEqualTo(1);
        assertThat(sdxl.verification()).isEqualTo(JobSpec.Verification.NONE);
        assertThat(sdxl.command()).contains("PROMPT=a record player in Iceland");
        assertThat(sdxl.env()).containsEntry("RANDOM_SEED", "42");
        assertThat(mistral.gpus()).isEqualTo(1);
        assertThat(mistral.verification()).isEqualTo(JobSpec.Verification.NONE);
        assertThat(mistral.command()).contains("PROMPT=Name 10 renaissance artists");
    }

    @Test
    void shouldLoadEveryCatalogueEntryWithItsDefaultsWhenListed() throws Exception {
        ModuleLoader loader = new ModuleLoader(cache);

        assertThat(loader.catalogue()).containsOnlyKeys("cowsay", "sdxl", "mistral-7b-instruct");
        for (var entry : loader.catalogue().entrySet()) {
            for (String version : entry.getValue()) {
                JobSpec job = loader.load(new ModuleReference.Catalogue(entry.getKey(), version), Map.of());
                assertThat(job.module()).isEqualTo(entry.getKey() + ":" + version);
                assertThat(job.network()).isFalse();
            }
        }
    }
}
