package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The faucet's jar killed with SIGKILL after a drip and started again on the same data folder: the
 * drip journal, forced to disk before each drip is sent, still refuses a second drip to the address.
 */
class FaucetCrashIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldStillRefuseASecondDripAfterBeingKilledAndStartedAgain() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-tests")), "faucet-");
        Map<String, String> env = Map.of(
                "WEB3_RPC_URL", chain.node().rpcUrl(),
                "WEB3_CHAIN_ID", String.valueOf(AnvilNode.CHAIN_ID),
                "WEB3_CONTROLLER_ADDRESS", chain.addresses().controller(),
                "WEB3_PRIVATE_KEY", Stack.key(DevAccounts.faucet()),
                "DATA_DIR", data.toString());
        String recipient = Keys.toChecksumAddress(
                Credentials.create(Keys.createEcKeyPair()).getAddress());

        try (ServiceProcess faucet =
                ServiceProcess.start("FaucetCrashIT-faucet", "faucet-service", FreePorts.next(), env, List.of())) {
            faucet.awaitHealthy(Stack.STARTUP);
            assertThat(drip(faucet, recipient).statusCode()).isEqualTo(201);
            faucet.kill();
        }

        try (ServiceProcess faucet = ServiceProcess.start(
                "FaucetCrashIT-faucet-again", "faucet-service", FreePorts.next(), env, List.of())) {
            faucet.awaitHealthy(Stack.STARTUP);
            HttpResponse<String> again = drip(faucet, recipient);

            assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
            assertThat(again.headers().firstValue("Retry-After")).isPresent();
            assertThat(again.body()).contains("address_limit");
            assertThat(etherOf(recipient)).isEqualTo(ChainFixture.tokens(1));
            assertThat(chain.tokensOf(recipient)).isEqualTo(ChainFixture.tokens(100));
            // The faucet itself works after the crash: another address gets its drip.
            String other = Keys.toChecksumAddress(
                    Credentials.create(Keys.createEcKeyPair()).getAddress());
            assertThat(drip(faucet, other).statusCode()).isEqualTo(201);
        }
    }

    private static HttpResponse<String> drip(ServiceProcess faucet, String address) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(faucet.url().resolve("/api/v1/drips"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + address + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger etherOf(String address) throws Exception {
        return chain.chain()
                .web3j()
                .ethGetBalance(address, DefaultBlockParameterName.LATEST)
                .send()
                .getBalance();
    }
}
