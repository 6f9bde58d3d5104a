package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.solver.SolverFixtures.FAST;
import static org.coophive.common.solver.SolverFixtures.JSON;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket event stream against a small local WebSocket server. */
class SolverEventStreamTest {

    private TestWebSocketServer server;
    private final List<SolverEventStream> streams = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestWebSocketServer();
    }

    @AfterEach
    void stopEverything() throws Exception {
        streams.forEach(SolverEventStream::close);
        server.close();
    }

    /** Records what the stream delivers. */
    private static class Recorder implements SolverEventListener {
        final List<SolverEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();

        @Override
        public void onEvent(SolverEvent event) {
            events.add(event);
        }

        @Override
        public void onConnected() {
            connects.incrementAndGet();
        }
    }

    private SolverEventStream open(SolverEventListener listener) {
        SolverEventStream stream = SolverEventStream.open(server.solverUrl(), listener, FAST);
        streams.add(stream);
        return stream;
    }

    private static SolverEvent jobOfferAdded(int n) {
        JobOfferContainer container = new JobOfferContainer(
                "offer-" + n, "", SolverFixtures.JOB_CREATOR.address(), null, SolverFixtures.jobOffer());
        return SolverEvent.of(EventType.JOB_OFFER_ADDED, container);
    }

    private static String json(SolverEvent event) {
        return JSON.writeValueAsString(event);
    }

    private void awaitConnections(SolverEventStream stream, int handshakes) {
        Await.until(
                Duration.ofSeconds(10),
                handshakes + " handshake(s) and the stream connected",
                () -> server.handshakes() == handshakes && stream.isConnected());
    }

    @Test
    void shouldDeliverEveryEventInOrderWhenTheSolverSendsThem() {
        Recorder recorder = new Recorder();
        SolverEventStream stream = open(recorder);
        awaitConnections(stream, 1);
        List<SolverEvent> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) sent.add(jobOfferAdded(i));
        SolverEvent fragmented = jobOfferAdded(10);
        SolverEvent large = SolverEvent.of(EventType.DEAL_STATE_UPDATED, SolverFixtures.deal());
        SolverEvent last = jobOfferAdded(11);

        sent.forEach(event -> server.send(json(event)));
        server.sendFragmented(json(fragmented), 3);
        server.send(json(large));
        server.send(json(last));

        List<SolverEvent> expected = new ArrayList<>(sent);
        expected.addAll(List.of(fragmented, large, last));
        Await.until(Duration.ofSeconds(10), "13 events", () -> recorder.events.size() == expected.size());
        assertThat(recorder.events).containsExactlyElementsOf(expected);
        assertThat(json(large)).hasSizeGreaterThan(125); // a frame with an extended length
        assertThat(recorder.connects).hasValue(1);
    }

    @Test
    void shouldReconnectAndReceiveLaterEventsWhenTheSolverDropsTheConnection() {
        Recorder recorder = new Recorder();
        SolverEventStream stream = open(recorder);
        awaitConnections(stream, 1);
        server.send(json(jobOfferAdded(1)));
        Await.until(Duration.ofSeconds(10), "the first event", () -> recorder.events.size() == 1);

        server.dropAll();
        awaitConnections(stream, 2);
        server.send(json(jobOfferAdded(2)));

        Await.until(Duration.ofSeconds(10), "the event after reconnecting", () -> recorder.events.size() == 2);
        assertThat(recorder.events).containsExactly(jobOfferAdded(1), jobOfferAdded(2));
        assertThat(recorder.connects)
                .as("onConnected, to catch up after each (re)connect")
                .hasValue(2);
    }

    @Test
    void shouldKeepRetryingTheHandshakeWhenTheSolverRefusesItAtFirst() {
        server.refuseNextHandshakes(3);
        Recorder recorder = new Recorder();

        SolverEventStream stream = open(recorder);

        awaitConnections(stream, 1);
        assertThat(server.upgradeRequests()).isEqualTo(4);
        server.send(json(jobOfferAdded(1)));
        Await.until(Duration.ofSeconds(10), "an event", () -> recorder.events.size() == 1);
    }

    @Test
    void shouldSayGoodbyeAndReportDisconnectedWhenClosed() {
        SolverEventStream stream = open(new Recorder());
        awaitConnections(stream, 1);

        stream.close();

        assertThat(stream.isConnected()).isFalse();
        Await.until(
                Duration.ofSeconds(10),
                "the close frame",
                () -> server.closeFrames() == 1 && server.openConnections() == 0);
        stream.close(); // idempotent
    }

    @Test
    void shouldStopRetryingWhenClosedWhileTheSolverIsDown() {
        String downPath = "/down/api/v1/ws";
        server.refuseAlways(downPath);
        SolverEventStream closed =
                SolverEventStream.open(URI.create(server.solverUrl() + "/down"), new Recorder(), FAST);
        streams.add(closed);
        Await.until(Duration.ofSeconds(10), "a few refused handshakes", () -> server.upgradeRequests(downPath) >= 3);

        closed.close();
        int before = server.upgradeRequests(downPath);
        // A stream with the same backoff shows how long retrying takes: while it connects and
        // reconnects three times, a closed stream that kept retrying would knock many times.
        SolverEventStream control = open(new Recorder());
        awaitConnections(control, 1);
        for (int drop = 1; drop <= 3; drop++) {
            server.dropAll();
            awaitConnections(control, 1 + drop);
        }

        // One attempt may have been under way when close() was called.
        assertThat(server.upgradeRequests(downPath) - before).isBetween(0, 1);
        assertThat(closed.isConnected()).isFalse();
    }

    @Test
    void shouldKeepDeliveringWhenTheListenerThrows() {
        List<SolverEvent> seen = new CopyOnWriteArrayList<>();
        SolverEventStream stream = open(event -> {
            seen.add(event);
            if (seen.size() == 1) throw new IllegalStateException("listener bug");
        });
        awaitConnections(stream, 1);

        server.send(json(jobOfferAdded(1)));
        server.send(json(jobOfferAdded(2)));

        Await.until(Duration.ofSeconds(10), "both events", () -> seen.size() == 2);
        assertThat(seen).containsExactly(jobOfferAdded(1), jobOfferAdded(2));
        assertThat(stream.isConnected()).isTrue();
        assertThat(server.handshakes()).isEqualTo(1);
    }

    @Test
    void shouldSkipAMalformedEventAndDeliverTheNext() {
        Recorder recorder = new Recorder();
        SolverEventStream stream = open(recorder);
        awaitConnections(stream, 1);

        server.send("{\"event_type\":\"NoSuchEvent\",\"job_offer\":null,\"resource_offer\":null,\"deal\":null}");
        server.send("not json");
        server.send(json(jobOfferAdded(1)));

        Await.until(Duration.ofSeconds(10), "the valid event", () -> recorder.events.size() == 1);
        assertThat(recorder.events).containsExactly(jobOfferAdded(1));
        assertThat(server.handshakes()).isEqualTo(1);
    }

    @Test
    void shouldConnectToTheWsUrlDerivedFromTheSolverUrl() {
        SolverEventStream stream = open(new Recorder());

        assertThat(stream.uri())
                .isEqualTo(URI.create("ws://127.0.0.1:" + server.solverUrl().getPort() + "/api/v1/ws"));
        awaitConnections(stream, 1);
    }

    @Test
    void shouldAskTheSolverForTheFilteredEventsWhenOpenedWithAFilter() {
        String dealId = ContentIds.ofBytes("deal".getBytes());
        SolverEventFilter filter = new SolverEventFilter(Set.of(SolverFixtures.JOB_CREATOR.address()), Set.of(dealId));

        SolverEventStream stream = SolverEventStream.open(server.solverUrl(), filter, new Recorder(), FAST);
        streams.add(stream);

        String query = "address=" + SolverFixtures.JOB_CREATOR.address() + "&deal_id=" + dealId;
        assertThat(stream.uri().getRawQuery()).isEqualTo(query);
        awaitConnections(stream, 1);
        assertThat(server.upgradeRequests("/api/v1/ws?" + query)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFilterWhenAnAddressIsMalformed() {
        assertThatThrownBy(() -> SolverEventFilter.addresses("0x123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x123");
    }
}
