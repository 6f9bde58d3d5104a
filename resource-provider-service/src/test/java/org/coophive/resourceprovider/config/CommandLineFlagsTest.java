package org.coophive.resourceprovider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {

    @Test
    void shouldSetTheVariableWhenAFlagIsFollowedByItsValue() {
        assertThat(CommandLineFlags.toSpringArguments(new String[] {"--offer-gpu", "1"}))
                .containsExactly("--OFFER_GPU=1");
    }

    @Test
    void shouldSetTheVariableWhenAFlagHasAnEqualsSign() {
        assertThat(CommandLineFlags.toSpringArguments(new String[] {"--offer-ram=2048", "--offer-count", "3"}))
                .containsExactly("--OFFER_RAM=2048", "--OFFER_COUNT=3");
    }

    @Test
    void shouldJoinARepeatedListFlagWithCommasWhenGivenTwice() {
        assertThat(CommandLineFlags.toSpringArguments(
                        new String[] {"--offer-modules", "QmA", "--offer-modules", "QmB"}))
                .containsExactly("--OFFER_MODULES=QmA,QmB");
    }

    @Test
    void shouldTurnTestModeOnWhenTheSwitchStandsAlone() {
        assertThat(CommandLineFlags.toSpringArguments(new String[] {"--test-mode-wrong-results", "--offer-cpu", "500"}))
                .containsExactly("--TEST_MODE_WRONG_RESULTS=true", "--OFFER_CPU=500");
    }

    @Test
    void shouldPassSpringsOwnArgumentsOnWhenTheyAreNotProviderFlags() {
        assertThat(CommandLineFlags.toSpringArguments(new String[] {"--server.port=0", "positional"}))
                .containsExactly("--server.port=0", "positional");
    }

    @Test
    void shouldRefuseThePrivateKeyWhenGivenAsAFlag() {
        assertThatThrownBy(() -> CommandLineFlags.toSpringArguments(new String[] {"--web3-private-key", "0xabc"}))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("WEB3_PRIVATE_KEY")
                .hasMessageNotContaining("0xabc");
    }

    @Test
    void shouldNameTheVariableWhenAFlagHasNoValue() {
        assertThatThrownBy(() -> CommandLineFlags.toSpringArguments(new String[] {"--offer-gpu"}))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("--offer-gpu needs a value (it sets OFFER_GPU)");
    }
}
