package org.coophive.faucet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.faucet.testing.RunningFaucet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The faucet application against a real chain (Anvil with the contracts): drips arrive with exactly
 * the configured amounts, the limits refuse with 429 and Retry-After and survive a restart,
 * concurrent requests give one drip, bad input and a faucet running low send nothing.
 */
class FaucetIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigInteger ONE_ETHER = ChainFixture.tokens(1);
    private static final BigInteger HUNDRED_TOKENS = ChainFixture.tokens(100);
    private static final String FAUCET = DevAccounts.faucet().address();

    @TempDir
    Path data;

    private RunningFaucet faucet;

    @AfterEach
    void stop() {
        // Before the fixture reverts the chain.
        if (faucet != null) faucet.close();
    }

    private static String newAddress() throws Exception {
        return Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    void shouldSendExactlyTheConfiguredEtherAndTokensToANewAddress() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        String recipient = newAddress();
        BigInteger faucetTokens = chain.tokensOf(FAUCET);

        HttpResponse<String> response = faucet.drip(recipient.toLowerCase());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode receipt = json(response);
        assertThat(receipt.get("address").asString()).isEqualTo(recipient);
        assertThat(receipt.get("transactions")).hasSize(2);
        assertThat(receipt.get("transactions").get(0).get("hash").asString()).matches("0x[0-9a-f]{64}");
        assertThat(receipt.get("transactions").get(0).get("block").asLong()).isPositive();
        assertThat(RunningFaucet.etherOf(chain, recipient)).isEqualTo(ONE_ETHER);
        assertThat(chain.tokensOf(recipient)).isEqualTo(HUNDRED_TOKENS);
        assertThat(receipt.get("ether_balance").asString()).isEqualTo(ONE_ETHER.toString());
        assertThat(receipt.get("token_balance").asString()).isEqualTo(HUNDRED_TOKENS.toString());
        assertThat(chain.tokensOf(FAUCET)).isEqualTo(faucetTokens.subtract(HUNDRED_TOKENS));

        JsonNode status = json(faucet.get("api/v1/faucet"));
        assertThat(status.get("address").asString()).isEqualTo(FAUCET);
        assertThat(status.get("token").asString()).isEqualTo(chain.addresses().token());
        assertThat(status.get("ether_per_drip").asString()).isEqualTo(ONE_ETHER.toString());
        assertThat(status.get("tokens_per_drip").asString()).isEqualTo(HUNDRED_TOKENS.toString());
        assertThat(status.get("token_balance").asString())
                .isEqualTo(faucetTokens.subtract(HUNDRED_TOKENS).toString());
        assertThat(status.get("available").asBoolean()).isTrue();
        assertThat(status.get("limits").get("drips_last_24h").asInt()).isEqualTo(1);
    }

    @Test
    void shouldSendTheAmountsFromTheEnvironment() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of("FAUCET_ETHER", "0.25", "FAUCET_TOKENS", "7"));
        String recipient = newAddress();

        assertThat(faucet.drip(recipient).statusCode()).isEqualTo(201);

        assertThat(RunningFaucet.etherOf(chain, recipient)).isEqualTo(ONE_ETHER.divide(BigInteger.valueOf(4)));
        assertThat(chain.tokensOf(recipient)).isEqualTo(ChainFixture.tokens(7));
    }

    @Test
    void shouldRefuseASecondDripInsideTheWindowWithRetryAfterAndSendNothing() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        String recipient = newAddress();
        assertThat(faucet.drip(recipient).statusCode()).isEqualTo(201);
        BigInteger sent = RunningFaucet.sentBy(chain, FAUCET);

        HttpResponse<String> again = faucet.drip(recipient);

        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        long retryAfter =
                Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(24 * 3600L - 60, 24 * 3600L);
        JsonNode problem = json(again);
        assertThat(problem.get("limit").asString()).isEqualTo("address_limit");
        assertThat(problem.get("detail").asString()).contains(recipient).contains("Come back after");
        assertThat(RunningFaucet.sentBy(chain, FAUCET)).isEqualTo(sent);
        assertThat(RunningFaucet.etherOf(chain, recipient)).isEqualTo(ONE_ETHER);

        String metrics = faucet.get("actuator/prometheus").body();
        assertThat(metrics).contains("faucet_drips_total 1.0");
        assertThat(metrics).containsPattern("faucet_refusals_total\\{reason=\"address_limit\"\\} 1.0");
        assertThat(metrics).containsPattern("faucet_balance\\{asset=\"tokens\"\\} 99[0-9.E]+");
    }

    @Test
    void shouldGiveExactlyOneDripWhenManyRequestsForOneAddressArriveAtOnce() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        String recipient = newAddress();
        BigInteger sentBefore = RunningFaucet.sentBy(chain, FAUCET);
        int requests = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(pool.submit(() -> {
                start.await();
                return faucet.drip(recipient).statusCode();
            }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> status : statuses) codes.add(status.get(60, TimeUnit.SECONDS));
        pool.shutdownNow();

        assertThat(codes).containsOnly(201, 429);
        assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
        assertThat(RunningFaucet.etherOf(chain, recipient)).isEqualTo(ONE_ETHER);
        assertThat(chain.tokensOf(recipient)).isEqualTo(HUNDRED_TOKENS);
        assertThat(RunningFaucet.sentBy(chain, FAUCET)).isEqualTo(sentBefore.add(BigInteger.TWO));
    }

    @Test
    void shouldKeepTheLimitsWhenTheFaucetRestartsOnTheSameDataFolder() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        String recipient = newAddress();
        assertThat(faucet.drip(recipient).statusCode()).isEqualTo(201);
        faucet.close();
        faucet = null;

        faucet = RunningFaucet.start(chain, data, Map.of());
        HttpResponse<String> again = faucet.drip(recipient);

        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After")).isPresent();
        assertThat(RunningFaucet.etherOf(chain, recipient)).isEqualTo(ONE_ETHER);
        assertThat(json(faucet.get("api/v1/faucet"))
                        .get("limits")
                        .get("drips_last_24h")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseAClientThatAskedForItsShareOfDrips() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of("FAUCET_PER_CLIENT", "2"));
        assertThat(faucet.drip(newAddress()).statusCode()).isEqualTo(201);
        assertThat(faucet.drip(newAddress()).statusCode()).isEqualTo(201);
        String third = newAddress();

        HttpResponse<String> refused = faucet.drip(third);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("limit").asString()).isEqualTo("client_limit");
        assertThat(RunningFaucet.etherOf(chain, third)).isZero();
    }

    @Test
    void shouldAnswer400AndSendNothingForAddressesItCannotSendTo() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());
        BigInteger sent = RunningFaucet.sentBy(chain, FAUCET);
        // The dev job creator's address with one letter's case flipped: mixed case, wrong checksum.
        String badChecksum = "0x9965507d1a55bcC2695C58ba16FB37d819B0A4dc";
        Map<String, String> cases = Map.of(
                "\"not an address\"",
                "is not an address",
                "\"0x1234\"",
                "is not an address",
                "\"" + badChecksum + "\"",
                "checksum",
                "\"0x0000000000000000000000000000000000000000\"",
                "zero address",
                "\"" + chain.addresses().token() + "\"",
                "is a contract",
                "\"" + FAUCET + "\"",
                "the faucet's own address",
                "null",
                "enter the address");

        for (Map.Entry<String, String> input : cases.entrySet()) {
            HttpResponse<String> response = faucet.postDrip("{\"address\":" + input.getKey() + "}");
            assertThat(response.statusCode()).as(input.getKey()).isEqualTo(400);
            JsonNode problem = json(response);
            assertThat(problem.get("type").asString()).endsWith("/invalid-address");
            assertThat(problem.get("detail").asString()).as(input.getKey()).contains(input.getValue());
        }
        HttpResponse<String> notJson = faucet.postDrip("{address: nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("detail").asString()).contains("{\"address\": \"0x...\"}");

        // What a form on another web site could send without asking the browser's permission.
        HttpResponse<String> plain = faucet.postDrip("text/plain", "{\"address\":\"" + newAddress() + "\"}");
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(plain).get("type").asString())
                .isEqualTo("https://coophive.network/problems/unsupported-media-type");

        // An unknown route is a documented problem too, not Spring Boot's own error JSON.
        for (String route : new String[] {"nowhere", "api/v1/nowhere", "actuator/nowhere"}) {
            HttpResponse<String> unknown = faucet.get(route);
            assertThat(unknown.statusCode()).as(route).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(unknown).get("type").asString())
                    .as(route)
                    .isEqualTo("https://coophive.network/problems/not-found");
        }

        // What Tomcat itself refuses (an encoded slash) answers Problem Details too, not its HTML page.
        HttpResponse<String> encodedSlash = faucet.get("api/v1/drips/a%2Fb");
        assertThat(encodedSlash.statusCode()).isEqualTo(400);
        assertThat(encodedSlash.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(encodedSlash).get("type").asString()).startsWith("https://coophive.network/problems/");

        assertThat(RunningFaucet.sentBy(chain, FAUCET)).isEqualTo(sent);
        assertThat(json(faucet.get("api/v1/faucet"))
                        .get("limits")
                        .get("drips_last_24h")
                        .asInt())
                .isZero();
    }

    @Test
    void shouldRefuseWithAMessageInsteadOfSendingWhenTheFaucetRunsLow() throws Exception {
        // The dev faucet account holds 10,000 ether on Anvil.
        faucet = RunningFaucet.start(chain, data, Map.of("FAUCET_ETHER", "20000"));
        String recipient = newAddress();
        BigInteger sent = RunningFaucet.sentBy(chain, FAUCET);

        HttpResponse<String> refused = faucet.drip(recipient);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("detail").asString())
                .contains("running low")
                .contains("Nothing was sent")
                .contains(FAUCET);
        assertThat(RunningFaucet.sentBy(chain, FAUCET)).isEqualTo(sent);
        assertThat(RunningFaucet.etherOf(chain, recipient)).isZero();
        HttpResponse<String> health = faucet.get("actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("components").get("funds").get("status").asString())
                .isEqualTo("DOWN");
        // Refused here, so asking again once refilled works.
        assertThat(json(faucet.get("api/v1/faucet")).get("available").asBoolean())
                .isFalse();
    }

    @Test
    void shouldReportHealthyWithTheChainAndEnoughFunds() throws Exception {
        faucet = RunningFaucet.start(chain, data, Map.of());

        HttpResponse<String> health = faucet.get("actuator/health");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode components = json(health).get("components");
        assertThat(components.get("chain").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("funds").get("status").asString()).isEqualTo("UP");
    }
}
