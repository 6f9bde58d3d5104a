package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.coophive.common.signing.EthereumSignatures;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * How long a job's transactions take from the call to the receipt checked, on Anvil (automine), and
 * how long the job creator's event stream takes to deliver the provider's {@code addResult} after
 * its receipt came back: the chain's part of a job's critical path. Prints median and p95 per
 * transaction, with the sending thread's CPU time, the receipt read again 10 ms after the send
 * (before issue 19's fifth increment) and 1 ms after (now), alternated; and the CPU of signing a
 * transaction, web3j's way and {@link EthereumSignatures#signTransaction}'s. On demand: {@code ./mvnw -B -pl common -am
 * verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TransactionLatencyBenchmarkIT
 * -Dfailsafe.failIfNoSpecifiedTests=false} ({@code -Dbenchmark.deals=N}, default 30, the first
 * five of which warm up and are not counted).
 */
class TransactionLatencyBenchmarkIT {

    private static final int DEALS = Integer.getInteger("benchmark.deals", 30);
    private static final int WARM_UP = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Bytes32 RESULTS_ID = Bytes32.of(TestDeal.id("results"));
    private static final Bytes32 DATA_ID = Bytes32.of(TestDeal.id("data"));

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void shouldPrintHowLongEachTransactionOfAJobTakesAndItsNotification() throws Exception {
        for (var account : List.of(DevAccounts.jobCreator(), DevAccounts.resourceProvider())) {
            try (Web3ChainClient client = client(chain, account)) {
                client.approvePayments(UNLIMITED);
            }
        }
        ChainClientOptions now = ChainClientOptions.defaults();
        ChainClientOptions before =
                new ChainClientOptions(RetryPolicy.DEFAULT, Duration.ofMillis(10), now.receiptTimeout());
        StringBuilder table = new StringBuilder(String.format(
                "%n| on Anvil, %d deals one after another | median ms | p95 ms | sender CPU median ms | load |%n"
                        + "|---|---:|---:|---:|---:|%n",
                DEALS - WARM_UP));
        // Alternated, so that both see the same machine.
        for (int round = 1; round <= 2; round++) {
            table.append(rows("receipt read again after 10 ms (before), round " + round, before, round));
            table.append(rows("receipt read again after 1 ms, round " + round, now, round));
        }
        table.append(signingRows());
        System.out.println(table);
    }

    private String rows(String label, ChainClientOptions options, int round) throws Exception {
        try (Web3ChainClient jc = Web3ChainClient.connect(
                        ChainTestSupport.properties(
                                chain, DevAccounts.jobCreator().credentials()),
                        options);
                Web3ChainClient rp = Web3ChainClient.connect(
                        ChainTestSupport.properties(
                                chain, DevAccounts.resourceProvider().credentials()),
                        options)) {
            Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
            ChainEvents events = jc.events();
            List<EventStream> streams = new ArrayList<>();
            EventCursor from = events.latest();
            // Three streams, as a party has: the one measured and two that read every block too.
            streams.add(events.resultsAdded(from, e -> deliveredAt.putIfAbsent(e.txHash(), System.nanoTime())));
            streams.add(events.dealStateChanges(from, e -> {}));
            streams.add(events.mediationRequests(from, e -> {}));
            streams.forEach(EventStream::start);
            Phase jcAgree = new Phase("job creator: agree");
            Phase rpAgree = new Phase("provider: agree");
            Phase addResult = new Phase("provider: addResult");
            Phase notified = new Phase("notification: addResult's receipt to the job creator's stream");
            Phase acceptResult = new Phase("job creator: acceptResult");
            try {
                for (int i = 0; i < DEALS; i++) {
                    boolean counted = i >= WARM_UP;
                    DealTerms terms = deal("transaction latency " + label + " " + i);
                    jcAgree.time(counted, () -> jc.agree(terms));
                    rpAgree.time(counted, () -> rp.agree(terms));
                    TxResult added =
                            addResult.time(counted, () -> rp.addResult(terms, RESULTS_ID, DATA_ID, BigInteger.TWO));
                    long receipt = System.nanoTime();
                    Await.until(WAIT, "the result delivered", () -> deliveredAt.containsKey(added.txHash()));
                    if (counted) notified.add(Math.max(0, deliveredAt.get(added.txHash()) - receipt), 0);
                    acceptResult.time(counted, () -> jc.acceptResult(terms));
                }
            } finally {
                streams.forEach(EventStream::close);
            }
            assertThat(notified.wall).hasSize(DEALS - WARM_UP);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            StringBuilder rows = new StringBuilder(String.format("| **%s** | | | | |%n", label));
            for (Phase phase : List.of(jcAgree, rpAgree, addResult, notified, acceptResult)) {
                rows.append(phase.row(load));
            }
            return rows.toString();
        }
    }

    /** The CPU of signing one transaction: web3j's transaction manager's way and ours (the same bytes). */
    private static String signingRows() {
        ECKeyPair keys = DevAccounts.resourceProvider().credentials().getEcKeyPair();
        Credentials credentials = Credentials.create(keys);
        RawTransaction transaction = RawTransaction.createTransaction(
                31_337L,
                BigInteger.TEN,
                BigInteger.valueOf(300_000),
                DevAccounts.solver().address(),
                BigInteger.ZERO,
                "0x" + "ab".repeat(260),
                BigInteger.valueOf(1_000_000_000),
                BigInteger.valueOf(3_000_000_000L));
        Phase web3j = new Phase("sign a transaction: web3j's TransactionEncoder (before)");
        Phase ours = new Phase("sign a transaction: EthereumSignatures.signTransaction");
        for (int i = 0; i < 2_000; i++) {
            boolean counted = i >= 1_000;
            web3j.time(counted, () -> TransactionEncoder.signMessage(transaction, 31_337L, credentials));
            ours.time(counted, () -> EthereumSignatures.signTransaction(transaction, 31_337L, keys));
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return web3j.row(load) + ours.row(load);
    }

    /** The wall and CPU times of one step, in nanoseconds. */
    private static final class Phase {
        final String label;
        final List<Long> wall = new ArrayList<>();
        final List<Long> cpu = new ArrayList<>();

        Phase(String label) {
            this.label = label;
        }

        <T> T time(boolean counted, Supplier<T> step) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            T result = step.get();
            if (counted) add(System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpuStart);
            return result;
        }

        void add(long wallNanos, long cpuNanos) {
            wall.add(wallNanos);
            cpu.add(cpuNanos);
        }

        String row(double load) {
            return String.format(
                    "| %s | %.2f | %.2f | %.2f | %.1f |%n",
                    label, percentile(wall, 0.5), percentile(wall, 0.95), percentile(cpu, 0.5), load);
        }

        private static double percentile(List<Long> nanos, double p) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted[(int) Math.ceil(sorted.length * p) - 1] / 1e6;
        }
    }
}
