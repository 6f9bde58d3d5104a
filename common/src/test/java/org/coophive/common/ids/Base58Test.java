package org.coophive.common.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

    @Test
    void shouldMatchBitcoinVectorsWhenEncoding() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
        assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58.encode(HexFormat.of().parseHex("0000287fb4cd"))).isEqualTo("11233QC4");
        assertThat(Base58.encode(HexFormat.of().parseHex("00eb15231dfceb60925886b67d065299925915aeb172c06647")))
                .isEqualTo("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L");
    }

    @Test
    void shouldRestoreBytesWhenDecodingWhatWasEncoded() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && random.nextBoolean()) {
                bytes[0] = 0;
                bytes[1] = 0;
            }
            assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void shouldNameTheCharacterWhenDecodingOutsideTheAlphabet() {
        assertThatThrownBy(() -> Base58.decode("Qm0abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0' at index 2 is not a base58btc character");
        assertThatThrownBy(() -> Base58.decode("QmI")).hasMessageContaining("'I' at index 2");
        assertThatThrownBy(() -> Base58.decode("Qm l")).hasMessageContaining("'\\u0020' at index 2");
    }
}
