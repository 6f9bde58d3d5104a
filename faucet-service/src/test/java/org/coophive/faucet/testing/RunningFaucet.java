package org.coophive.faucet.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.faucet.FaucetApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The faucet application on a {@link ChainFixture}'s chain with the dev FAUCET key, on a free port
 * and a given data folder, and a small HTTP client for its API.
 */
public final class RunningFaucet implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private RunningFaucet(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/");
    }

    /** Starts the faucet with its data in {@code dataDir} and the given extra settings (e.g. FAUCET_ETHER). */
    public static RunningFaucet start(ChainFixture chain, Path dataDir, Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("WEB3_RPC_URL", chain.node().rpcUrl());
        properties.put("WEB3_CHAIN_ID", String.valueOf(AnvilNode.CHAIN_ID));
        properties.put("WEB3_CONTROLLER_ADDRESS", chain.addresses().controller());
        properties.put(
                "WEB3_PRIVATE_KEY",
                Numeric.toHexStringWithPrefixZeroPadded(
                        DevAccounts.faucet().credentials().getEcKeyPair().getPrivateKey(), 64));
        properties.put("DATA_DIR", dataDir.toString());
        properties.put("SERVER_PORT", "0");
        properties.putAll(settings);
        return new RunningFaucet(new SpringApplicationBuilder(FaucetApplication.class)
                .properties(properties)
                .run());
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/v1/drips} with this JSON body. */
    public HttpResponse<String> postDrip(String json) throws IOException, InterruptedException {
        return postDrip("application/json", json);
    }

    /** {@code POST /api/v1/drips} with this body and content type. */
    public HttpResponse<String> postDrip(String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/v1/drips"))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /api/v1/drips {"address": address}}. */
    public HttpResponse<String> drip(String address) throws IOException, InterruptedException {
        return postDrip("{\"address\":\"" + address + "\"}");
    }

    /** How many transactions the faucet's account has sent (its nonce): what "nothing was sent" checks. */
    public static BigInteger sentBy(ChainFixture chain, String address) throws IOException {
        return chain.chain()
                .web3j()
                .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    public static BigInteger etherOf(ChainFixture chain, String address) throws IOException {
        return chain.chain()
                .web3j()
                .ethGetBalance(address, DefaultBlockParameterName.LATEST)
                .send()
                .getBalance();
    }

    @Override
    public void close() {
        context.close();
    }
}
