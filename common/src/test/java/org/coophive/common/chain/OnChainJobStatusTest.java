package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pins the Java mirror of the on-chain job creator's {@code JobStatus} to its Solidity declaration. */
class OnChainJobStatusTest {

    private static final Path SOURCE = Path.of("..", "contracts", "solidity", "CoopHiveOnChainJobCreator.sol");

    @Test
    void shouldMirrorJobStatusCodesWhenReadFromSolidity() throws IOException {
        Matcher declaration = Pattern.compile("enum JobStatus \\{([^}]*)}").matcher(Files.readString(SOURCE));
        assertThat(declaration.find()).isTrue();
        List<String> solidity = Arrays.stream(declaration.group(1).split("\n"))
                .map(line -> line.replaceAll("//.*", "").replace(",", "").trim())
                .filter(name -> !name.isEmpty())
                .toList();

        assertThat(solidity).hasSize(OnChainJobStatus.values().length);
        for (OnChainJobStatus status : OnChainJobStatus.values()) {
            assertThat(solidity.get(status.code()).toUpperCase()).isEqualTo(status.name());
            assertThat(OnChainJobStatus.ofCode(status.code())).isEqualTo(status);
        }
    }
}
