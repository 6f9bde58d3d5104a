package org.coophive.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On demand only (excluded from the build like the matcher benchmark): signed job offer posts per
 * second through the real client, against the solver with its embedded PostgreSQL.
 *
 * <pre>./mvnw -o -pl common,solver-service test -Dtest=OfferPostBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false | grep 'offer posts'</pre>
 */
class OfferPostBenchmarkTest {

    private static final int POSTS = 4000;
    private static final int THREADS = 16;

    @Test
    void shouldReportSignedOfferPostsPerSecond() throws Exception {
        try (ChainFixture chain = ChainFixture.start()) {
            Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "solver-bench-");
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SolverApplication.class)
                    .run(
                            "--server.port=0",
                            "--coophive.solver.data-dir=" + dataDir,
                            "--WEB3_RPC_URL=" + chain.node().rpcUrl(),
                            "--WEB3_CHAIN_ID=" + AnvilNode.CHAIN_ID,
                            "--WEB3_PRIVATE_KEY="
                                    + DevAccounts.solver()
                                            .credentials()
                                            .getEcKeyPair()
                                            .getPrivateKey()
                                            .toString(16),
                            "--WEB3_CONTROLLER_ADDRESS=" + chain.addresses().controller(),
                            "--SERVER_URL=http://localhost:8080",
                            "--logging.level.org.coophive=WARN");
            try {
                int port =
                        ((WebServerApplicationContext) context).getWebServer().getPort();
                HttpSolverClient client =
                        new HttpSolverClient(URI.create("http://127.0.0.1:" + port), ApiFixtures.JOB_CREATOR_SIGNER);
                long base = System.currentTimeMillis();
                for (int i = 0; i < 200; i++) client.addJobOffer(ApiFixtures.jobOffer(base - 10_000 - i)); // warm-up
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                long started = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < POSTS; ) {
                            client.addJobOffer(ApiFixtures.jobOffer(base + i));
                        }
                    }));
                }
                for (Future<?> worker : workers) worker.get();
                double seconds = (System.nanoTime() - started) / 1e9;
                pool.shutdown();
                System.out.printf(
                        "signed offer posts: %d in %.2f s = %.0f per second (%d threads)%n",
                        POSTS, seconds, POSTS / seconds, THREADS);
                assertThat(client.jobOffers(JobOfferQuery.ALL)).hasSize(POSTS + 200);
            } finally {
                context.close();
            }
        }
    }
}
