package org.coophive.solver.events;

import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.coophive.common.model.SolverEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/ws}: sends each event that passes a client's filter as one text message
 * holding the {@link SolverEvent} JSON. Messages from clients are ignored. Each client has its own
 * bounded queue and sender ({@link Subscriber}), so a slow client is dropped instead of stalling
 * the request or matching pass that published the event.
 */
final class EventSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(EventSocketHandler.class);

    /** Where the handshake leaves the client's filter. */
    static final String FILTER = EventSocketHandler.class.getName() + ".filter";

    /** Tomcat's limit on one blocking send, so a client that stops reading fails its send. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final int queueCapacity;
    private final long sendTimeoutMillis;
    private final ExecutorService senders;
    private final Runnable unsubscribe;

    EventSocketHandler(EventBus bus, JsonMapper json, int queueCapacity, long sendTimeoutMillis) {
        this.json = json;
        this.queueCapacity = queueCapacity;
        this.sendTimeoutMillis = sendTimeoutMillis;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "solver-events-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.senders = Executors.newCachedThreadPool(factory);
        this.unsubscribe = bus.subscribe(this::publish);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Object filter = session.getAttributes().get(FILTER);
        limitBlockingSends(session);
        subscribers.put(
                session.getId(),
                new Subscriber(session, filter instanceof EventFilter f ? f : EventFilter.ALL, queueCapacity, senders));
        log.debug("event stream client {} connected from {}", session.getId(), session.getRemoteAddress());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        // The stream is one-way; what clients send is ignored.
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        subscribers.remove(session.getId());
        log.debug("event stream client {} left: {}", session.getId(), status);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        subscribers.remove(session.getId());
        log.debug("event stream client {} failed: {}", session.getId(), exception.toString());
    }

    /** How many clients are connected. */
    int clients() {
        return subscribers.size();
    }

    void publish(SolverEvent event) {
        String text = null;
        for (Subscriber subscriber : subscribers.values()) {
            if (subscriber.isDropped() || !subscriber.filter().accepts(event)) continue;
            if (text == null) text = json.writeValueAsString(event);
            subscriber.offer(text);
        }
    }

    @PreDestroy
    void stop() {
        unsubscribe.run();
        senders.shutdownNow();
    }

    private void limitBlockingSends(WebSocketSession session) {
        if (session instanceof org.springframework.web.socket.adapter.standard.StandardWebSocketSession standard) {
            jakarta.websocket.Session nativeSession = standard.getNativeSession(jakarta.websocket.Session.class);
            if (nativeSession != null) {
                nativeSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeoutMillis);
            }
        }
    }
}
