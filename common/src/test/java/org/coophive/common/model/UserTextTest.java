package org.coophive.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserTextTest {

    @Test
    void shouldEscapeControlCharactersAndLoneSurrogatesWhenTextIsQuotedInALog() {
        assertThat(UserText.escape("a\u0000b\nc\u001b[31m\ud800 \ud83d\udc2e"))
                .isEqualTo("a\\u0000b\\u000ac\\u001b[31m\\ud800 \ud83d\udc2e");
    }

    @Test
    void shouldCutLongTextWhenItPassesTheLimit() {
        assertThat(UserText.escape("x".repeat(1000), 10)).isEqualTo("xxxxxxxxxx...");
        assertThat(UserText.escape(null)).isEqualTo("null");
    }
}
