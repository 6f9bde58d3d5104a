package org.coophive.faucet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.config.SettingsBinder;
import org.junit.jupiter.api.Test;

/** The faucet's settings: amounts as people write them, and a message naming the variable when one is wrong. */
class FaucetPropertiesTest {

    private static FaucetProperties with(String ether, String tokens, Duration window, int perClient, int cap) {
        return new FaucetProperties("./data/faucet", ether, tokens, window, perClient, cap, "0.01");
    }

    @Test
    void shouldReadTheAmountsInEtherAndTokens() {
        FaucetProperties properties = with("0.5", "100", Duration.ofHours(24), 5, 1000);

        assertThat(properties.etherWei()).isEqualTo(new BigInteger("500000000000000000"));
        assertThat(properties.tokenWei()).isEqualTo(new BigInteger("100000000000000000000"));
        assertThat(properties.gasReserveWei()).isEqualTo(new BigInteger("10000000000000000"));
    }

    @Test
    void shouldNameTheVariableWhenAnAmountIsNotANumber() {
        assertThatThrownBy(() -> with("lots", "100", Duration.ofHours(24), 5, 1000))
                .hasMessageStartingWith("FAUCET_ETHER is not a token amount");
        assertThatThrownBy(() -> with("1", "-3", Duration.ofHours(24), 5, 1000))
                .hasMessageStartingWith("FAUCET_TOKENS must not be negative");
    }

    @Test
    void shouldRefuseAFaucetThatWouldSendNothing() {
        assertThatThrownBy(() -> with("0", "0", Duration.ofHours(24), 5, 1000))
                .hasMessageContaining("a drip would send nothing");
    }

    @Test
    void shouldNameTheVariableWhenALimitIsOutOfRange() {
        assertThatThrownBy(() -> with("1", "100", Duration.ZERO, 5, 1000)).hasMessageStartingWith("FAUCET_WINDOW");
        assertThatThrownBy(() -> with("1", "100", Duration.ofHours(1), 0, 1000))
                .hasMessageStartingWith("FAUCET_PER_CLIENT");
        assertThatThrownBy(() -> with("1", "100", Duration.ofHours(1), 1, 0))
                .hasMessageStartingWith("FAUCET_DAILY_CAP");
    }

    @Test
    void shouldReadAWindowWithoutAUnitAsSecondsWhenBound() {
        FaucetProperties bound = SettingsBinder.over(Map.of("FAUCET_WINDOW", "90"), "application.properties", Map.of())
                .bind("coophive.faucet", FaucetProperties.class);

        assertThat(bound.window()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldTakeEveryDefaultFromApplicationPropertiesWhenNothingIsSet() {
        FaucetProperties bound = SettingsBinder.over(Map.of(), "application.properties", Map.of())
                .bind("coophive.faucet", FaucetProperties.class);

        assertThat(bound)
                .isEqualTo(new FaucetProperties("./data/faucet", "1", "100", Duration.ofHours(24), 5, 1000, "0.01"));
    }
}
