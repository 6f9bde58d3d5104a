package org.coophive.solver.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

class SubscriberTest {

    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final WebSocketSession session = mock(WebSocketSession.class);
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unblock.countDown();
        senders.shutdownNow();
    }

    @Test
    void shouldSendEveryMessageInOrderWhenTheClientKeepsUp() throws IOException {
        List<String> sent = new CopyOnWriteArrayList<>();
        doAnswer(call -> sent.add(((TextMessage) call.getArgument(0)).getPayload()))
                .when(session)
                .sendMessage(any());
        Subscriber subscriber = new Subscriber(session, EventFilter.ALL, 16, senders);

        for (int i = 0; i < 10; i++) subscriber.offer("event " + i);

        verify(session, timeout(5000).times(10)).sendMessage(any());
        assertThat(sent)
                .containsExactly(
                        "event 0", "event 1", "event 2", "event 3", "event 4", "event 5", "event 6", "event 7",
                        "event 8", "event 9");
    }

    @Test
    void shouldDropAStuckClientWithoutEverBlockingThePublisher() throws Exception {
        // The client stops reading: its first send blocks until the test ends.
        doAnswer(call -> {
                    unblock.await(30, TimeUnit.SECONDS);
                    return null;
                })
                .when(session)
                .sendMessage(any(WebSocketMessage.class));
        when(session.getId()).thenReturn("slow");
        Subscriber subscriber = new Subscriber(session, EventFilter.ALL, 4, senders);

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) subscriber.offer("event " + i);
        Duration publishing = Duration.ofNanos(System.nanoTime() - started);

        assertThat(publishing).as("publishing 100 events to a stuck client").isLessThan(Duration.ofSeconds(1));
        assertThat(subscriber.isDropped()).isTrue();
        verify(session, timeout(5000)).close(Subscriber.TOO_SLOW);
    }

    @Test
    void shouldDropTheClientWhenASendFails() throws Exception {
        doAnswer(call -> {
                    throw new IOException("connection reset");
                })
                .when(session)
                .sendMessage(any());
        Subscriber subscriber = new Subscriber(session, EventFilter.ALL, 4, senders);

        subscriber.offer("event");

        verify(session, timeout(5000)).close(CloseStatus.SESSION_NOT_RELIABLE);
        assertThat(subscriber.isDropped()).isTrue();
    }
}
