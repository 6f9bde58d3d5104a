package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class ContractErrorsTest {

    private final ContractErrors errors = ContractErrors.catalogue();

    @Test
    void shouldNameAndRenderArgumentsWhenRevertDataIsACustomError() {
        byte[] dealId = Hash.sha256("10".getBytes());
        String data = encode(
                "WrongState(bytes32,uint8,uint8)",
                List.of(new Bytes32(dealId), new Uint8(BigInteger.ONE), new Uint8(BigInteger.TWO)));

        var decoded = errors.decode(data);

        assertThat(decoded).isPresent();
        assertThat(decoded.get().name()).isEqualTo("WrongState");
        assertThat(decoded.get().arguments()).containsExactly(Numeric.toHexString(dealId), "1", "2");
        assertThat(decoded.get().toString()).startsWith("WrongState(0x");
    }

    @Test
    void shouldChecksumAddressesWhenRenderingArguments() {
        String data =
                encode("NotController(address)", List.of(new Address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")));

        assertThat(errors.decode(data).orElseThrow().arguments())
                .containsExactly("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void shouldKnowOpenZeppelinErrorsWhenTheContractsUseThem() {
        assertThat(errors.names())
                .contains(
                        "OwnableUnauthorizedAccount",
                        "ERC20InsufficientAllowance",
                        "EnforcedPause",
                        "EscrowShortfall",
                        "DealTermsMismatch",
                        "NotTimedOut");
    }

    @Test
    void shouldReturnEmptyWhenDataIsNotAKnownError() {
        String errorString = encode("Error(string)", List.of(new org.web3j.abi.datatypes.Utf8String("boom")));
        assertThat(errors.decode(errorString)).isEmpty();
        assertThat(errors.decode("0x")).isEmpty();
        assertThat(errors.decode(null)).isEmpty();
        assertThat(errors.decode(encode(
                                "EscrowShortfall(bytes32,uint256,uint256)",
                                List.of(new Bytes32(new byte[32]), new Uint256(5), new Uint256(3))))
                        .orElseThrow()
                        .arguments())
                .containsExactly("0x" + "0".repeat(64), "5", "3");
    }

    private static String encode(String signature, List<Type> arguments) {
        String selector = Hash.sha3String(signature).substring(0, 10);
        return selector + Numeric.cleanHexPrefix(FunctionEncoder.encodeConstructor(arguments));
    }
}
