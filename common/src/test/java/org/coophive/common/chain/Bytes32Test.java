package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class Bytes32Test {

    private static final byte[] DIGEST = Hash.sha256("hello".getBytes());

    @Test
    void shouldRenderLowerCaseHexWithPrefixAndParseItBack() {
        Bytes32 value = Bytes32.of(DIGEST);

        assertThat(value.hex()).isEqualTo("0x2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Bytes32.fromHex(value.hex())).isEqualTo(value);
        assertThat(Bytes32.fromHex(value.hex().substring(2).toUpperCase())).isEqualTo(value);
        assertThat(value.toString()).isEqualTo(value.hex());
    }

    @Test
    void shouldNotChangeWhenTheCallersArrayChanges() {
        byte[] bytes = DIGEST.clone();
        Bytes32 value = Bytes32.of(bytes);

        bytes[0] = 0;
        value.bytes()[1] = 0;

        assertThat(value.bytes()).isEqualTo(DIGEST);
    }

    @Test
    void shouldRejectValuesThatAreNot32BytesLong() {
        assertThatThrownBy(() -> Bytes32.of(new byte[31])).hasMessage("expected 32 bytes, got 31");
        assertThatThrownBy(() -> Bytes32.fromHex("0x1234")).hasMessage("expected 64 hex digits: 0x1234");
        assertThatThrownBy(() -> Bytes32.fromHex("zz" + "0".repeat(62))).hasMessageStartingWith("not hex");
    }

    @Test
    void shouldKnowZeroWhenAllBytesAreZero() {
        assertThat(Bytes32.of(new byte[32]).isZero()).isTrue();
        assertThat(Bytes32.of(DIGEST).isZero()).isFalse();
    }
}
