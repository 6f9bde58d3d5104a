package org.coophive.executor.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coophive.common.model.Privileges;
import org.coophive.executor.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModuleTemplateTest {

    @TempDir
    Path cache;

    @TempDir
    Path moduleDir;

    private static final String ECHO =
            """
            {
              "image": "coophive/busybox:test",
              "command": ["echo", "{{Message}}"],
              "env": {"GREETING": "{{Greeting}}"},
              "inputs": {
                "Message": {"description": "what to echo"},
                "Greeting": {"default": "hi"},
                "Other": {"default": "other"}
              },
              "resources": {"cpu_millis": 500, "memory_mb": 64},
              "timeout_seconds": 10,
              "verification": "exact"
            }
            """;

    private JobSpec load(String template, Map<String, String> inputs) throws Exception {
        Files.writeString(moduleDir.resolve("module.json"), template);
        return new ModuleLoader(cache).load(new ModuleReference.Repository(moduleDir.toString(), "", null), inputs);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "say \"hi\"",
                "back\\slash \\\" \\u0041",
                "two\nlines\r\tand\u0000nul",
                "{{Other}}",
                "{{{Other}}}",
                "\"],\"image\":\"evil",
                "\"], \"image\": \"evil\", \"command\": [\"sh",
                "é ✓ \u2028 emoji 🐄"
            })
    void shouldKeepInputAsOneCommandElementWhenInputIsHostile(String hostile) throws Exception {
        JobSpec job = load(ECHO, Map.of("Message", hostile));

        assertThat(job.command()).containsExactly("echo", hostile);
        assertThat(job.image()).isEqualTo("coophive/busybox:test");
        assertThat(job.env()).containsOnly(Map.entry("GREETING", "hi"));
    }

    @Test
    void shouldApplyDefaultsAndDefaultOptionalFieldsWhenInputsAreLeftOut() throws Exception {
        JobSpec job = load(ECHO, Map.of("Message", "m"));

        assertThat(job.env()).containsEntry("GREETING", "hi");
        assertThat(job.gpus()).isZero();
        assertThat(job.network()).isFalse();
        assertThat(job.outputsPath()).isEqualTo("/outputs");
    }

    @Test
    void shouldNameMissingInputAndItsDescriptionWhenRequiredInputIsNotGiven() {
        assertThatThrownBy(() -> load(ECHO, Map.of()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("missing required input 'Message' (what to echo)")
                .hasMessageContaining("-i Message=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{{Message}}}", "{{&Message}}", "{{ & Message }}"})
    void shouldRejectModuleWhenTemplateUsesUnescapedTag(String tag) {
        String template = ECHO.replace("{{Message}}", tag);

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("unescaped tag")
                .hasMessageContaining("line 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{#Message}}x{{/Message}}", "{{>partial}}", "{{=<% %>=}}", "{{a.b}}"})
    void shouldRejectModuleWhenTemplateUsesAnythingButVariables(String tag) {
        String template = ECHO.replace("{{Message}}", tag);

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("unsupported tag");
    }

    @Test
    void shouldNameUndeclaredInputWhenTemplateReferencesIt() {
        String template = ECHO.replace("{{Greeting}}", "{{Salutation}}");

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("template uses {{Salutation}} but \"inputs\" does not declare Salutation");
    }

    @Test
    void shouldRejectModuleWhenTagIsOutsideJsonString() {
        String template = ECHO.replace("\"timeout_seconds\": 10", "\"timeout_seconds\": {{Greeting}}");

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("outside a JSON string");
    }

    @Test
    void shouldRejectModuleWhenTagFollowsBackslash() {
        String template = ECHO.replace("\"{{Message}}\"", "\"\\{{Message}}\"");

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("directly follows a backslash");
    }

    @Test
    void shouldSayModuleFileIsNotJsonWhenItIsMalformed() {
        String template = ECHO.replace("\"verification\": \"exact\"", "\"verification\": \"exact\",");

        assertThatThrownBy(() -> load(template, Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("module file is not valid JSON");
    }

    @Test
    void shouldNameFieldWhenRenderedModuleLacksOrMisspellsIt() {
        assertThatThrownBy(() -> load(ECHO.replace("\"image\"", "\"imagee\""), Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("unknown field \"imagee\"");
        assertThatThrownBy(() -> load(
                        ECHO.replace("\"verification\": \"exact\"", "\"verification\": \"maybe\""),
                        Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("\"verification\" must be \"exact\" or \"none\"");
        assertThatThrownBy(() -> load(ECHO.replace("\"cpu_millis\": 500, ", ""), Map.of("Message", "m")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("resources.cpu_millis");
    }

    @Test
    void shouldEscapeEveryCharacterJsonForbidsRawWhenEscaping() {
        assertThat(ModuleTemplate.escapeJsonString("a\"b\\c\nd\u0001")).isEqualTo("a\\\"b\\\\c\\nd\\u0001");
    }

    private static String withPrivileges(String privileges) {
        return ECHO.replace(
                "\"verification\": \"exact\"", "\"verification\": \"exact\", \"privileges\": " + privileges);
    }

    @Test
    void shouldCarryPrivilegesAndTheirReasonWhenTheModuleAsksForThemAndSaysWhy() throws Exception {
        JobSpec job = load(
                withPrivileges("{\"reason\": \"apt-get installs packages at start\", \"user\": \"root\","
                        + " \"capabilities\": [\"CHOWN\", \"SETUID\"], \"writable_root\": true}"),
                Map.of("Message", "hi"));

        assertThat(job.privileges()).isEqualTo(new Privileges(true, List.of("CHOWN", "SETUID"), true));
        assertThat(job.privilegesReason()).isEqualTo("apt-get installs packages at start");
        assertThat(load(ECHO, Map.of("Message", "hi")).privileges()).isEqualTo(Privileges.NONE);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"user\": \"root\"}|\"privileges.reason\" is required: say why",
                "{\"reason\": \"  \", \"user\": \"root\"}|\"privileges.reason\" is required",
                "{\"reason\": \"x\", \"user\": \"root\", \"capabilities\": [\"SYS_ADMIN\"]}"
                        + "|holds unknown capability SYS_ADMIN; allowed: [AUDIT_WRITE, CHOWN,",
                "{\"reason\": \"x\", \"user\": \"root\", \"capabilities\": [\"chown\"]}|unknown capability chown",
                "{\"reason\": \"x\", \"user\": \"root\", \"privileged\": true}|unknown field \"privileges.privileged\"",
                "{\"reason\": \"x\", \"user\": \"admin\"}|\"privileges.user\" must be \"root\"",
                "{\"reason\": \"x\", \"capabilities\": [\"CHOWN\"]}|need \"user\": \"root\"",
                "{\"reason\": \"x\", \"user\": \"root\", \"capabilities\": [\"KILL\", \"KILL\"]}|lists KILL twice",
                "{\"reason\": \"x\"}|\"privileges\" asks for nothing",
                "true|\"privileges\" must be an object"
            })
    void shouldRefuseModuleWhenItsPrivilegesLackAReasonOrNameWhatIsNotAllowed(String privileges, String message) {
        assertThatThrownBy(() -> load(withPrivileges(privileges), Map.of("Message", "hi")))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining(message);
    }
}
