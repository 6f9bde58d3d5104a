package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pins the Java mirrors of the Solidity enums to the declarations in SharedStructs.sol. */
class SolidityEnumCodesTest {

    private static final Path SHARED_STRUCTS = Path.of("solidity", "SharedStructs.sol");

    @Test
    void shouldMirrorAgreementStateCodesWhenReadFromSolidity() throws IOException {
        assertMirrors("AgreementState", AgreementState.values(), AgreementState::code);
    }

    @Test
    void shouldMirrorPaymentReasonCodesWhenReadFromSolidity() throws IOException {
        assertMirrors("PaymentReason", PaymentReason.values(), PaymentReason::code);
    }

    @Test
    void shouldMirrorPaymentDirectionCodesWhenReadFromSolidity() throws IOException {
        assertMirrors("PaymentDirection", PaymentDirection.values(), PaymentDirection::code);
    }

    @Test
    void shouldMirrorServiceTypeCodesWhenReadFromSolidity() throws IOException {
        assertMirrors("ServiceType", ServiceType.values(), ServiceType::code);
    }

    @Test
    void shouldCallOnlyFinishedStatesTerminal() {
        assertThat(Arrays.stream(AgreementState.values()).filter(AgreementState::isTerminal))
                .containsExactly(
                        AgreementState.RESULTS_ACCEPTED,
                        AgreementState.MEDIATION_ACCEPTED,
                        AgreementState.MEDIATION_REJECTED,
                        AgreementState.TIMEOUT_AGREE,
                        AgreementState.TIMEOUT_SUBMIT_RESULTS,
                        AgreementState.TIMEOUT_JUDGE_RESULTS,
                        AgreementState.TIMEOUT_MEDIATE_RESULTS);
    }

    private static <E extends Enum<E>> void assertMirrors(
            String solidityName, E[] javaValues, java.util.function.ToIntFunction<E> code) throws IOException {
        List<String> solidity = solidityEnum(solidityName);
        assertThat(javaValues).hasSize(solidity.size());
        for (E value : javaValues) {
            int index = code.applyAsInt(value);
            assertThat(constantName(solidity.get(index)))
                    .as("%s code %d", solidityName, index)
                    .isEqualTo(value.name());
        }
    }

    /** The members of {@code enum name { ... }} in declaration order (their codes). */
    private static List<String> solidityEnum(String name) throws IOException {
        String source = Files.readString(SHARED_STRUCTS).replaceAll("//[^\n]*", "");
        Matcher m = Pattern.compile("enum\\s+" + name + "\\s*\\{([^}]*)}").matcher(source);
        assertThat(m.find()).as("enum %s in %s", name, SHARED_STRUCTS).isTrue();
        return Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** {@code ResultsSubmitted} becomes {@code RESULTS_SUBMITTED}. */
    private static String constantName(String solidityMember) {
        return solidityMember.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
