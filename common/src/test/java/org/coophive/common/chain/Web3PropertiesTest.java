package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.utils.Numeric;

class Web3PropertiesTest {

    private static final String KEY = Numeric.toHexStringWithPrefixZeroPadded(
            DevAccounts.resourceProvider().credentials().getEcKeyPair().getPrivateKey(), 64);
    private static final String CONTROLLER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("WEB3_RPC_URL", "http://127.0.0.1:8545");
        env.put("WEB3_PRIVATE_KEY", KEY);
        env.put("WEB3_CHAIN_ID", "1337");
        env.put("WEB3_CONTROLLER_ADDRESS", CONTROLLER);
        return env;
    }

    private static Map<String, String> envWith(String name, String value) {
        Map<String, String> env = env();
        if (value == null) env.remove(name);
        else env.put(name, value);
        return env;
    }

    @Test
    void shouldReadEveryValueWhenTheEnvironmentIsComplete() {
        Web3Properties properties = Web3Properties.fromEnvironment(env());

        assertThat(properties.rpcUrl()).isEqualTo("http://127.0.0.1:8545");
        assertThat(properties.privateKey()).isEqualTo(KEY);
        assertThat(properties.chainId()).isEqualTo(1337);
        assertThat(properties.controllerAddress()).isEqualTo(CONTROLLER);
        assertThat(properties.address())
                .isEqualTo(DevAccounts.resourceProvider().address());
    }

    @Test
    void shouldAskForNoConfirmationsWhenWeb3ConfirmationsIsNotSet() {
        assertThat(Web3Properties.fromEnvironment(env()).confirmations()).isZero();
        assertThat(Web3Properties.fromEnvironment(envWith("WEB3_CONFIRMATIONS", " "))
                        .confirmations())
                .isZero();
    }

    @Test
    void shouldReadTheConfirmationsWhenWeb3ConfirmationsIsSet() {
        Web3Properties properties = Web3Properties.fromEnvironment(envWith("WEB3_CONFIRMATIONS", " 12 "));

        assertThat(properties.confirmations()).isEqualTo(12);
        assertThat(properties.toString()).contains("confirmations=12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1001", "twelve", "1.5"})
    void shouldNameWeb3ConfirmationsWhenItIsNotANumberOfBlocksInRange(String value) {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_CONFIRMATIONS", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WEB3_CONFIRMATIONS ")
                .hasMessageContaining(value);
    }

    @Test
    void shouldAcceptKeyWithoutPrefixAndTrimValuesWhenTheyComeFromAnEnvFile() {
        Map<String, String> env = env();
        env.put("WEB3_PRIVATE_KEY", " " + KEY.substring(2).toUpperCase() + "\n");
        env.put("WEB3_CHAIN_ID", " 1337 ");
        env.put("WEB3_CONTROLLER_ADDRESS", CONTROLLER.toLowerCase());
        env.put("WEB3_RPC_URL", "ws://localhost:8546 ");

        Web3Properties properties = Web3Properties.fromEnvironment(env);

        assertThat(properties.privateKey()).isEqualTo(KEY);
        assertThat(properties.chainId()).isEqualTo(1337);
        assertThat(properties.controllerAddress()).isEqualTo(CONTROLLER);
        assertThat(properties.rpcUrl()).isEqualTo("ws://localhost:8546");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WEB3_RPC_URL", "WEB3_PRIVATE_KEY", "WEB3_CHAIN_ID", "WEB3_CONTROLLER_ADDRESS"})
    void shouldNameTheVariableWhenItIsMissing(String name) {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith(name, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " is missing");
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith(name, "  ")))
                .hasMessage(name + " is missing");
    }

    @Test
    void shouldNameChainIdAndShowTheValueWhenItIsNotANumber() {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_CHAIN_ID", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WEB3_CHAIN_ID is not a number: abc");
    }

    @Test
    void shouldRejectChainIdWhenItIsNotPositive() {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_CHAIN_ID", "0")))
                .hasMessageStartingWith("WEB3_CHAIN_ID must be a positive number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8545", "ftp://host/", "http://", "not a url"})
    void shouldNameRpcUrlWhenItIsNotAnHttpOrWsUrl(String url) {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_RPC_URL", url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WEB3_RPC_URL is not");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0x1234",
                "0xzz59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
                "0x0000000000000000000000000000000000000000000000000000000000000000",
                "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
            })
    void shouldNameThePrivateKeyWithoutEchoingItWhenItIsMalformed(String key) {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_PRIVATE_KEY", key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WEB3_PRIVATE_KEY is not")
                .message()
                .doesNotContain(Numeric.cleanHexPrefix(key));
    }

    @Test
    void shouldNameTheControllerWhenItIsNotAnAddress() {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_CONTROLLER_ADDRESS", "0x1234")))
                .hasMessage("WEB3_CONTROLLER_ADDRESS \"0x1234\" is not an address (0x followed by 40 hex digits)");
    }

    @Test
    void shouldNameTheControllerWhenItsChecksumIsWrong() {
        String typo = CONTROLLER.replace("afecb", "aFecb");

        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_CONTROLLER_ADDRESS", typo)))
                .hasMessageStartingWith(
                        "WEB3_CONTROLLER_ADDRESS \"0x5FbDB2315678aFecb367f032d93F642f64180aa3\" has a wrong EIP-55 checksum")
                .hasMessageContaining("expected 0x5FbDB2315678afecb367f032d93F642f64180aa3");
    }

    @Test
    void shouldNeverPrintThePrivateKeyWhenConvertedToText() {
        Web3Properties properties = Web3Properties.fromEnvironment(env());

        assertThat(properties.toString())
                .doesNotContain(Numeric.cleanHexPrefix(KEY))
                .doesNotContain(Numeric.cleanHexPrefix(KEY).toUpperCase())
                .contains("privateKey=<redacted>")
                .contains("chainId=1337")
                .contains(CONTROLLER)
                .contains(DevAccounts.resourceProvider().address());
    }

    @Test
    void shouldRedactAnApiKeyInTheUrlsPathWhenConvertedToText() {
        String key = "0123456789abcdef0123456789abcdef";
        Map<String, String> env = envWith("WEB3_RPC_URL", "https://mainnet.infura.io/v3/" + key);
        env.put("WEB3_WS_URL", "wss://mainnet.infura.io/ws/v3/" + key);
        Web3Properties properties = Web3Properties.fromEnvironment(env);

        assertThat(properties.toString())
                .doesNotContain(key)
                .contains("https://mainnet.infura.io/v3/***")
                .contains("wss://mainnet.infura.io/ws/v3/***");
        assertThat(properties.redactedRpcUrl()).isEqualTo("https://mainnet.infura.io/v3/***");
    }

    @Test
    void shouldPushNewBlocksFromTheRpcUrlsSocketUnlessTheWebSocketUrlIsGiven() {
        assertThat(Web3Properties.fromEnvironment(env()).newHeadsUrl())
                .contains(URI.create(env().get("WEB3_RPC_URL").replaceFirst("^http", "ws")));
        assertThat(Web3Properties.fromEnvironment(envWith("WEB3_WS_URL", "wss://node.example.org/ws/v3/k"))
                        .newHeadsUrl())
                .contains(URI.create("wss://node.example.org/ws/v3/k"));
    }

    @Test
    void shouldReadTheHeadPollIntervalAsADurationAndDefaultTo25Milliseconds() {
        assertThat(Web3Properties.fromEnvironment(env()).headPollInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(Web3Properties.fromEnvironment(envWith("WEB3_HEAD_POLL_INTERVAL", "2"))
                        .headPollInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_HEAD_POLL_INTERVAL", "often")))
                .hasMessageStartingWith("WEB3_HEAD_POLL_INTERVAL is not a duration");
    }

    @Test
    void shouldRefuseAWebSocketUrlThatIsNotWs() {
        assertThatThrownBy(() -> Web3Properties.fromEnvironment(envWith("WEB3_WS_URL", "https://node.example.org")))
                .hasMessageStartingWith("WEB3_WS_URL is not a ws(s):// URL with a host");
    }

    @Test
    void shouldRedactCredentialsOfTheRpcUrlWhenConvertedToText() {
        Web3Properties properties = Web3Properties.fromEnvironment(
                envWith("WEB3_RPC_URL", "https://user:secret@rpc.example.org/v1?apikey=abc123"));

        assertThat(properties.toString())
                .doesNotContain("secret")
                .doesNotContain("abc123")
                .contains("rpc.example.org/v1");
        assertThat(properties.rpcUrl()).isEqualTo("https://user:secret@rpc.example.org/v1?apikey=abc123");
    }
}
