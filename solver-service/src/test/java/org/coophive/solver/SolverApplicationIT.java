package org.coophive.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SolverApplicationIT {

    private static ChainFixture chain;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        chain = ChainFixture.start();
        // A fresh data folder under target/ so the embedded database starts empty and mvn clean removes it.
        Path target = Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(target, "solver-data-");
        registry.add("coophive.solver.data-dir", dataDir::toString);
        registry.add("WEB3_RPC_URL", chain.node()::rpcUrl);
        registry.add("WEB3_CHAIN_ID", () -> String.valueOf(AnvilNode.CHAIN_ID));
        registry.add("WEB3_PRIVATE_KEY", () -> DevAccounts.solver()
                .credentials()
                .getEcKeyPair()
                .getPrivateKey()
                .toString(16));
        registry.add("WEB3_CONTROLLER_ADDRESS", () -> chain.addresses().controller());
        registry.add("SERVER_URL", () -> "http://localhost:8080");
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) chain.close();
    }

    @LocalServerPort
    private int port;

    @Test
    void shouldReportHealthyWhenStarted() throws IOException {
        // server.address binds the loopback IPv4 address only, so "localhost" could miss it.
        ResponseEntity<String> response = RestClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .toEntity(String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void shouldShowTheChainAndTheDatabaseAsHealthyComponentsWithoutTheirDetailsToAnAnonymousCaller() {
        String body = RestClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);

        assertThat(body)
                .contains("\"chain\":{\"status\":\"UP\"}")
                .contains("\"db\":{\"status\":\"UP\"}")
                .doesNotContain("details")
                .doesNotContain("PostgreSQL")
                .doesNotContainIgnoringCase(DevAccounts.solver().address().substring(2));
    }
}
