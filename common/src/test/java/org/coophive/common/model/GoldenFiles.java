package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the golden JSON files under {@code src/test/resources/golden}. */
final class GoldenFiles {

    static final String SOLVER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    static final String MEDIATOR = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    static final String DIRECTORY = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
    static final String RESOURCE_PROVIDER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    static final String JOB_CREATOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

    static final String MODULE_ID = "QmSm9nwYbCjY8rPRx2XbtoYQKJPTYV45aWBii29qbCCURV";
    static final String JOB_OFFER_ID = "QmarBeVqSNK8Ety9G8adP51EaiN5uswxhBkTtaJUVrUtBa";
    static final String RESOURCE_OFFER_ID = "QmYTLWEbK6S4SoEqDhsqCwJgbXME6XDozdqCDG5DfiQewP";
    static final String DEAL_ID = "QmShEbeAVTFM7ZYBqiLe8irgbVfZuqRptcy71DdgukbFGh";
    static final String RESULT_ID = "QmUJ8o3zMtP3fAMdE5cfGZyaVGrky9hW6uyFM4DrF4EAuD";
    static final String DATA_ID = "QmeaVFeBcXBr79azQVtTYyfSDLCNf3YcjBAgoxDfn7wFaV";

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GoldenFiles() {}

    static String text(String file) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IllegalStateException("no golden file " + file);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String file, Class<T> type) {
        return MAPPER.readValue(text(file), type);
    }

    static JsonNode tree(String file) {
        return MAPPER.readTree(text(file));
    }

    /** Asserts that the value writes exactly the file's JSON (as parsed trees: same members and values). */
    static void assertWritesAs(Object value, String file) {
        assertWritesAs(MAPPER, value, file);
    }

    static void assertWritesAs(JsonMapper mapper, Object value, String file) {
        JsonNode written = MAPPER.readTree(mapper.writeValueAsString(value));
        assertThat(written).as("%s written", file).isEqualTo(tree(file));
    }
}
