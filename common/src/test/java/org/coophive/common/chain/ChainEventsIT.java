package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.common.chain.ChainTestSupport.UNLIMITED;
import static org.coophive.common.chain.ChainTestSupport.client;
import static org.coophive.common.chain.ChainTestSupport.deal;
import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.EventEncoder;

/**
 * Event streams read from the chain: each event type decoded, delivered in chain order, resumed
 * from a stored cursor after a stop without losing or repeating an event, and redelivered after
 * a listener failure.
 */
class ChainEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Bytes32 RESULTS_ID = Bytes32.of(TestDeal.id("results"));
    private static final Bytes32 DATA_ID = Bytes32.of(TestDeal.id("data"));

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    Web3ChainClient jc;
    Web3ChainClient rp;
    Web3ChainClient mediator;
    ChainEvents events;
    EventCursor start;
    final List<EventStream> streams = new ArrayList<>();

    @BeforeAll
    static void approveEscrow() {
        for (var account : List.of(DevAccounts.jobCreator(), DevAccounts.resourceProvider())) {
            try (Web3ChainClient client = client(chain, account)) {
                client.approvePayments(UNLIMITED);
            }
        }
    }

    @BeforeEach
    void connect() {
        jc = client(chain, DevAccounts.jobCreator());
        rp = client(chain, DevAccounts.resourceProvider());
        mediator = client(chain, DevAccounts.mediator());
        events = jc.events();
        start = events.latest();
    }

    @AfterEach
    void close() {
        streams.forEach(EventStream::close);
        jc.close();
        rp.close();
        mediator.close();
    }

    /** Starts a stream and closes it after the test. */
    private EventStream started(EventStream stream) {
        streams.add(stream);
        stream.start();
        return stream;
    }

    private static List<AgreementState> states(List<ChainEvent<DealStateChanged>> delivered) {
        return delivered.stream().map(e -> e.event().state()).toList();
    }

    @Test
    void shouldDeliverExactlyTheMissedEventsWhenResumedFromTheLastHandledCursor() {
        DealTerms first = deal("first");
        DealTerms second = deal("second");
        List<ChainEvent<DealStateChanged>> handledBeforeStop = new CopyOnWriteArrayList<>();
        EventStream before = started(events.dealStateChanges(start, handledBeforeStop::add));

        rp.agree(first);
        jc.agree(first);
        rp.addResult(first, RESULTS_ID, DATA_ID, BigInteger.ONE);
        Await.until(WAIT, "two events before the stop", () -> handledBeforeStop.size() == 2);
        before.close();
        EventCursor stored = handledBeforeStop.get(1).cursor();
        assertThat(before.position()).isEqualTo(stored);
        assertThat(before.isRunning()).isFalse();

        // While the service is down.
        jc.acceptResult(first);
        rp.agree(second);
        jc.agree(second);
        rp.addResult(second, RESULTS_ID, DATA_ID, BigInteger.ONE);

        List<ChainEvent<DealStateChanged>> handledAfterRestart = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(stored, handledAfterRestart::add));
        Await.until(WAIT, "the three missed events", () -> handledAfterRestart.size() >= 3);
        // One more change after the restart: anything delivered twice would show up before it.
        jc.checkResult(second);
        Await.until(WAIT, "the event after the restart", () -> handledAfterRestart.size() >= 4);

        assertThat(states(handledBeforeStop))
                .containsExactly(AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED);
        assertThat(states(handledAfterRestart))
                .containsExactly(
                        AgreementState.RESULTS_ACCEPTED,
                        AgreementState.DEAL_AGREED,
                        AgreementState.RESULTS_SUBMITTED,
                        AgreementState.RESULTS_CHECKED);
        assertThat(handledAfterRestart.stream().map(e -> e.event().dealId()))
                .containsExactly(first.dealId(), second.dealId(), second.dealId(), second.dealId());
        assertThat(handledAfterRestart.get(0).event().dealKey()).isEqualTo(first.key());
        assertThat(handledAfterRestart)
                .allSatisfy(e -> assertThat(e.cursor().isAfter(stored)).isTrue());

        // A stream over the whole stretch (one block per request) sees the same events in the same order.
        List<ChainEvent<DealStateChanged>> everything = new CopyOnWriteArrayList<>();
        started(jc.events(EventPolling.defaults().withMaxBlockRange(1)).dealStateChanges(start, everything::add));
        Await.until(WAIT, "all six events", () -> everything.size() >= 6);
        List<ChainEvent<DealStateChanged>> joined = new ArrayList<>(handledBeforeStop);
        joined.addAll(handledAfterRestart);
        assertThat(everything).containsExactlyElementsOf(joined);
        assertThat(everything.stream().map(ChainEvent::cursor)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldRuleOutFromTheHeadsLogsFiltersOnlyBlocksWithoutTheEvent() throws Exception {
        // A stream woken by a head skips the logs request for the blocks the heads rule out: a
        // block holding its event must never be among them (a missed event), others should be.
        String storage = jc.addresses().storage();
        LogsBloom.Probe resultAdded =
                new LogsBloom.Probe(storage, EventEncoder.encode(CoopHiveStorage.RESULTADDED_EVENT));
        LogsBloom.Probe stateChanged =
                new LogsBloom.Probe(storage, EventEncoder.encode(CoopHiveStorage.DEALSTATECHANGE_EVENT));
        try (ChainHeads heads = new ChainHeads(
                chain.chain().web3j(), ChainHeads.webSocketOf(chain.node().rpcUrl()), Duration.ofHours(1), "anvil")) {
            heads.onNewHead(() -> {});
            Await.until(WAIT, "the newHeads subscription", heads::pushed);
            DealTerms terms = deal("logs filters");

            long agreed = rp.agree(terms).blockNumber();
            long bothAgreed = jc.agree(terms).blockNumber();
            long added =
                    rp.addResult(terms, RESULTS_ID, DATA_ID, BigInteger.ONE).blockNumber();
            chain.node().mine();
            long empty = added + 1;
            Await.until(WAIT, "the heads of those blocks", () -> heads.latestNumber() >= empty);

            assertThat(heads.rulesOut(agreed, bothAgreed, hash(bothAgreed), resultAdded))
                    .as("agreements only: no ResultAdded")
                    .isTrue();
            assertThat(heads.rulesOut(bothAgreed, bothAgreed, hash(bothAgreed), stateChanged))
                    .as("the deal agreed")
                    .isFalse();
            assertThat(heads.rulesOut(added, added, hash(added), resultAdded)).isFalse();
            assertThat(heads.rulesOut(agreed, empty, hash(empty), resultAdded))
                    .as("a range with the event in it")
                    .isFalse();
            assertThat(heads.rulesOut(empty, empty, hash(empty), stateChanged)).isTrue();
            assertThat(heads.rulesOut(empty, empty, "0x" + "0".repeat(64), stateChanged))
                    .as("another branch's block")
                    .isFalse();
            assertThat(heads.rulesOut(0, empty, hash(empty), resultAdded))
                    .as("blocks mined before the heads were watched")
                    .isFalse();
        }
    }

    private static String hash(long number) throws Exception {
        return ChainTestSupport.blockHash(chain, number);
    }

    @Test
    void shouldCloseAtOnceRatherThanAfterTheNextScheduledPoll() {
        // A command (run) closes its streams as it exits: it must not wait out a poll interval.
        Duration interval = Duration.ofSeconds(20);
        DealTerms terms = deal("closed at once");
        rp.agree(terms);
        jc.agree(terms);
        List<ChainEvent<DealStateChanged>> delivered = new CopyOnWriteArrayList<>();
        EventStream stream =
                jc.events(new EventPolling(interval, 2_000, 0, interval)).dealStateChanges(start, delivered::add);
        stream.start();
        // The first poll, at the start, reads the deal agreed; the next is 20 s away.
        Await.until(WAIT, "the deal agreed, read by the first poll", () -> delivered.size() == 1);

        long began = System.nanoTime();
        stream.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - began);

        assertThat(stream.isRunning()).isFalse();
        assertThat(closing).isLessThan(interval.dividedBy(4));
    }

    @Test
    void shouldDeliverTheSameEventAgainAndNothingAfterItWhenTheListenerFails() {
        DealTerms terms = deal("flaky listener");
        AtomicInteger attempts = new AtomicInteger();
        List<AgreementState> handled = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(start, event -> {
            if (event.event().state() == AgreementState.RESULTS_SUBMITTED && attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database down");
            }
            handled.add(event.event().state());
        }));

        rp.agree(terms);
        jc.agree(terms);
        rp.addResult(terms, RESULTS_ID, DATA_ID, BigInteger.ONE);
        jc.acceptResult(terms);
        Await.until(WAIT, "every event handled", () -> handled.size() >= 3);

        assertThat(attempts).hasValue(3);
        assertThat(handled)
                .containsExactly(
                        AgreementState.DEAL_AGREED, AgreementState.RESULTS_SUBMITTED, AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    void shouldReportMediationRequestsAndResultsWithTheirDetails() {
        DealTerms terms = deal("mediated");
        List<ChainEvent<MediationRequested>> mediations = new CopyOnWriteArrayList<>();
        List<ChainEvent<ResultAdded>> results = new CopyOnWriteArrayList<>();
        started(events.mediationRequests(start, mediations::add));
        started(events.resultsAdded(start, results::add));

        rp.agree(terms);
        jc.agree(terms);
        TxResult added = rp.addResult(terms, RESULTS_ID, DATA_ID, BigInteger.valueOf(7));
        TxResult checked = jc.checkResult(terms);
        Await.until(WAIT, "the result and the mediation request", () -> !mediations.isEmpty() && !results.isEmpty());

        assertThat(results).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new ResultAdded(terms.key(), RESULTS_ID, DATA_ID, BigInteger.valueOf(7)));
            assertThat(e.txHash()).isEqualTo(added.txHash());
            assertThat(e.cursor().blockNumber()).isEqualTo(added.blockNumber());
        });
        assertThat(mediations).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new MediationRequested(terms.key(), terms.dealId(), mediator.address()));
            assertThat(e.txHash()).isEqualTo(checked.txHash());
        });
    }

    @Test
    void shouldReportJobsContractsAskFor() throws Exception {
        List<ChainEvent<JobAdded>> jobs = new CopyOnWriteArrayList<>();
        started(events.jobsAdded(start, jobs::add));
        try (Web3ChainClient service = client(chain, DevAccounts.solver())) {
            service.setRequiredDeposit(tokens(1));
        }
        var user = chain.jobCreator();
        user.token().approve(chain.addresses().exampleClient(), tokens(1)).send();
        user.exampleClient().runCowsay("moo").send();

        Await.until(WAIT, "the job", () -> !jobs.isEmpty());

        assertThat(jobs.get(0).event())
                .isEqualTo(new JobAdded(
                        BigInteger.ZERO,
                        chain.addresses().exampleClient(),
                        jc.address(),
                        "cowsay:v0.0.1",
                        List.of("Message=moo")));
    }

    @Test
    void shouldDeliverNothingFromBeforeTheStartCursor() {
        DealTerms old = deal("old");
        rp.agree(old);
        jc.agree(old);
        EventCursor now = events.latest();
        DealTerms fresh = deal("fresh");
        List<ChainEvent<DealStateChanged>> delivered = new CopyOnWriteArrayList<>();
        started(events.dealStateChanges(now, delivered::add));

        rp.agree(fresh);
        jc.agree(fresh);
        Await.until(WAIT, "the fresh deal's event", () -> !delivered.isEmpty());

        assertThat(delivered)
                .singleElement()
                .satisfies(e -> assertThat(e.event().dealId()).isEqualTo(fresh.dealId()));
    }
}
