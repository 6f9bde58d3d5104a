package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.Response;

class RevertsTest {

    private static final byte[] DEAL_ID = Hash.sha256("deal".getBytes());

    private static String encode(String name, List<Type> arguments) {
        return FunctionEncoder.encode(new Function(name, arguments, List.of()));
    }

    @Test
    void shouldNameACustomErrorAndRenderItsArgumentsWhenDecodingCoopHiveReverts() {
        String data = encode("WrongState", List.of(new Bytes32(DEAL_ID), new Uint8(3), new Uint8(2)));

        ContractRevertException e = Reverts.exception("acceptResult", data, null);

        assertThat(e.errorName()).isEqualTo("WrongState");
        assertThat(e.arguments())
                .containsExactly(org.coophive.common.chain.Bytes32.of(DEAL_ID).hex(), "3", "2");
        assertThat(e.function()).isEqualTo("acceptResult");
        assertThat(e.mined()).isFalse();
        assertThat(e.getMessage())
                .startsWith("acceptResult would revert with WrongState(0x")
                .endsWith("nothing was sent");
    }

    @Test
    void shouldDecodeOpenZeppelinErrorsWithChecksummedAddresses() {
        String data = encode(
                "ERC20InsufficientAllowance",
                List.of(
                        new Address("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"),
                        new Uint256(BigInteger.ONE),
                        new Uint256(BigInteger.TEN)));

        Reverts.Decoded decoded = Reverts.decode(data);

        assertThat(decoded.name()).isEqualTo("ERC20InsufficientAllowance");
        assertThat(decoded.arguments()).containsExactly("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", "1", "10");
    }

    @Test
    void shouldDecodeRequireMessagesAndPanicsWhenTheyAreNotCustomErrors() {
        assertThat(Reverts.decode(encode("Error", List.of(new Utf8String("not enough")))))
                .isEqualTo(new Reverts.Decoded("Error", List.of("not enough")));
        assertThat(Reverts.decode(encode("Panic", List.of(new Uint256(BigInteger.valueOf(0x11))))))
                .isEqualTo(new Reverts.Decoded("Panic", List.of("0x11")));
    }

    @Test
    void shouldNameTheSelectorWhenTheErrorIsUnknown() {
        assertThat(Reverts.decode("0xdeadbeef")).isEqualTo(new Reverts.Decoded("0xdeadbeef", List.of()));
    }

    @Test
    void shouldFindRevertDataWhetherTheNodeQuotesItOrNot() {
        assertThat(Reverts.revertData(new Response.Error(3, "execution reverted") {
                    {
                        setData("\"0xdeadbeef\"");
                    }
                }))
                .contains("0xdeadbeef");
        Response.Error noData = new Response.Error(3, "execution reverted");
        noData.setData("0x");
        assertThat(Reverts.revertData(noData)).isEmpty();
        assertThat(Reverts.isRevert(noData)).isTrue();
        assertThat(Reverts.isRevert(new Response.Error(-32000, "insufficient funds for gas")))
                .isFalse();
    }
}
