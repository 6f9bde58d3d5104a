package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long a mined event takes to reach a stream's listener, by the way streams learn of new
 * blocks: each stream polling every 100 ms (before issue 19), the head read every 25 ms by one
 * watcher, the head pushed over the node's WebSocket ({@code eth_subscribe newHeads}). Three
 * streams per service, as a party has. Prints median and p95 from {@code evm_mine} to the delivery.
 * On demand: {@code ./mvnw -B -pl common -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ChainEventLatencyBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class ChainEventLatencyBenchmarkIT {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 30);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @Test
    void shouldPrintTheDelayFromAMinedBlockToItsEventByWayOfLearningOfBlocks() throws Exception {
        try (Web3ChainClient jc = client(chain, DevAccounts.jobCreator());
                Web3ChainClient rp = client(chain, DevAccounts.resourceProvider())) {
            jc.approvePayments(UNLIMITED);
            rp.approvePayments(UNLIMITED);
            StringBuilder table = new StringBuilder(String.format(
                    "%n| how streams learn of a block (%d events, 3 streams) | median ms | p95 ms | load |%n"
                            + "|---|---:|---:|---:|%n",
                    EVENTS));
            for (int round = 0; round < 2; round++) {
                table.append(row("each stream polls every 100 ms", jc, rp, Optional.empty(), round));
                try (ChainHeads polled =
                        new ChainHeads(chain.chain().web3j(), Optional.empty(), Duration.ofMillis(25), "anvil")) {
                    table.append(row("one watcher reads the head every 25 ms", jc, rp, Optional.of(polled), round));
                }
                try (ChainHeads pushed = new ChainHeads(
                        chain.chain().web3j(),
                        ChainHeads.webSocketOf(chain.node().rpcUrl()),
                        Duration.ofHours(1),
                        "anvil")) {
                    table.append(row("the node pushes heads (WebSocket newHeads)", jc, rp, Optional.of(pushed), round));
                }
            }
            System.out.println(table);
        }
    }

    private String row(String label, Web3ChainClient jc, Web3ChainClient rp, Optional<ChainHeads> heads, int round)
            throws Exception {
        ChainEvents events =
                new PollingChainEvents(chain.chain().web3j(), jc.addresses(), EventPolling.defaults(), heads);
        Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
        List<EventStream> streams = new ArrayList<>();
        try {
            EventCursor from = events.latest();
            streams.add(events.dealStateChanges(
                    from,
                    event -> deliveredAt.putIfAbsent(event.event().dealId().toString(), System.nanoTime())));
            streams.add(events.resultsAdded(from, event -> {}));
            streams.add(events.mediationRequests(from, event -> {}));
            streams.forEach(EventStream::start);
            long[] delays = new long[EVENTS];
            chain.node().automine(false);
            try {
                for (int i = 0; i < EVENTS; i++) {
                    DealTerms terms = deal("latency " + label + " " + round + " " + i);
                    CompletableFuture<TxResult> rpAgree = CompletableFuture.supplyAsync(() -> rp.agree(terms));
                    CompletableFuture<TxResult> jcAgree = CompletableFuture.supplyAsync(() -> jc.agree(terms));
                    Await.until(WAIT, "both agreements pending", () -> pending() >= 2);
                    long mined = System.nanoTime();
                    chain.node().mine();
                    rpAgree.get();
                    jcAgree.get();
                    String id = terms.dealId().toString();
                    Await.until(WAIT, "the agreement delivered", () -> deliveredAt.containsKey(id));
                    delays[i] = (deliveredAt.get(id) - mined) / 1_000_000;
                    assertThat(delays[i])
                            .as("delivered after the block was mined")
                            .isNotNegative();
                }
            } finally {
                chain.node().automine(true);
            }
            java.util.Arrays.sort(delays);
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
            return String.format(
                    "| %s (round %d) | %d | %d | %.1f |%n",
                    label, round + 1, delays[EVENTS / 2], delays[(int) Math.ceil(EVENTS * 0.95) - 1], load);
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    private static int pending() {
        try {
            return chain.node()
                            .pendingTransactions(DevAccounts.jobCreator().address())
                            .size()
                    + chain.node()
                            .pendingTransactions(DevAccounts.resourceProvider().address())
                            .size();
        } catch (Exception e) {
            return 0;
        }
    }
}
