package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AddressesTest {

    // The test vectors of EIP-55.
    private static final List<String> EIP55 = List.of(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");

    @Test
    void shouldProduceEip55VectorsWhenChecksummingLowerOrUpperCase() {
        for (String address : EIP55) {
            String hex = address.substring(2);

            assertThat(Addresses.checksummed("0x" + hex.toLowerCase(Locale.ROOT)))
                    .isEqualTo(address);
            assertThat(Addresses.checksummed("0x" + hex.toUpperCase(Locale.ROOT)))
                    .isEqualTo(address);
            assertThat(Addresses.checksummed(address)).isEqualTo(address);
        }
    }

    @Test
    void shouldAcceptSingleCaseAndCorrectlyChecksummedAddresses() {
        assertThat(Addresses.isValid("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
                .isTrue();
        assertThat(Addresses.isValid("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"))
                .isTrue();
        assertThat(Addresses.isValid("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
                .isTrue();
        assertThat(Addresses.isValid(Addresses.ZERO)).isTrue();
    }

    @Test
    void shouldRejectWithReasonWhenChecksumIsWrong() {
        String mistyped = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266".replace("6aB8", "6ab8");

        assertThat(Addresses.isValid(mistyped)).isFalse();
        assertThat(Addresses.validationError(mistyped)).hasValueSatisfying(error -> assertThat(error)
                .contains("wrong EIP-55 checksum")
                .contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assertThatThrownBy(() -> Addresses.checksummed(mistyped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong EIP-55 checksum");
    }

    @Test
    void shouldRejectWithReasonWhenStringIsNotAnAddress() {
        assertThat(Addresses.validationError(null)).contains("is missing");
        assertThat(Addresses.validationError("")).contains("is missing");
        for (String malformed : List.of(
                "f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "0Xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226",
                "0xf39fd6e51aad88f6f4ce6ab8827279cfffb922666",
                "0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                " 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")) {
            assertThat(Addresses.validationError(malformed)).as(malformed).hasValueSatisfying(error -> assertThat(error)
                    .contains("is not an address"));
        }
        assertThatThrownBy(() -> Addresses.checksummed("0x1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address \"0x1234\" is not an address (0x followed by 40 hex digits)");
    }

    @Test
    void shouldCompareAddressesIgnoringCaseWhenTestingEquality() {
        assertThat(Addresses.equal(
                        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
                .isTrue();
        assertThat(Addresses.equal(GoldenFiles.SOLVER, GoldenFiles.MEDIATOR)).isFalse();
        assertThat(Addresses.equal(null, null)).isFalse();
        assertThat(Addresses.equal("", "")).isFalse();
        assertThat(Addresses.equal("abc", "ABC")).isFalse();
        assertThat(Addresses.isZero("0x0000000000000000000000000000000000000000"))
                .isTrue();
        assertThat(Addresses.isZero(GoldenFiles.SOLVER)).isFalse();
    }

    @Test
    void shouldNameTheValueWhenCheckingWhereAnAddressEnters() {
        assertThat(Addresses.checksummed("payee", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThatThrownBy(() -> Addresses.checksummed("payee", "0x123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("payee ");
        assertThatThrownBy(() -> Addresses.checksummed("payee", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("payee");
    }

    @Test
    void shouldTreatAbsentAndZeroAsNobodyAndLowercaseForLookups() {
        assertThat(Addresses.isZeroOrAbsent(null)).isTrue();
        assertThat(Addresses.isZeroOrAbsent(Addresses.ZERO)).isTrue();
        assertThat(Addresses.isZero(null)).isFalse();
        assertThat(Addresses.isZeroOrAbsent(EIP55.get(0))).isFalse();

        assertThat(Addresses.lowercase(" " + EIP55.get(0) + " "))
                .isEqualTo(EIP55.get(0).toLowerCase(Locale.ROOT));
        assertThat(Addresses.lowercase(null)).isEmpty();
    }
}
