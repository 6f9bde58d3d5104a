package org.coophive.solver.events;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket client: a bounded queue of messages and a sender that drains it on a pool thread,
 * so publishing never waits for the network. A client whose queue overflows (it reads slower than
 * events arrive) or whose send fails is dropped with 1013 "try again later"; it reconnects and
 * catches up through the HTTP API as every client must after a reconnect.
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    /** The close status of a client dropped for being too slow. */
    static final CloseStatus TOO_SLOW = new CloseStatus(1013, "too slow: events queued faster than read");

    private final WebSocketSession session;
    private final EventFilter filter;
    private final BlockingQueue<String> queue;
    private final Executor sender;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();

    Subscriber(WebSocketSession session, EventFilter filter, int capacity, Executor sender) {
        this.session = session;
        this.filter = filter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
    }

    EventFilter filter() {
        return filter;
    }

    boolean isDropped() {
        return dropped.get();
    }

    /** Queues one message; never blocks. Drops the client if its queue is full. */
    void offer(String message) {
        if (dropped.get()) return;
        if (!queue.offer(message)) {
            drop(TOO_SLOW, "its queue of " + (queue.size() + queue.remainingCapacity()) + " events is full");
            return;
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The solver is shutting down: the client is closed with the server.
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            String message;
            while (!dropped.get() && (message = queue.poll()) != null) {
                session.sendMessage(new TextMessage(message));
            }
        } catch (IOException | RuntimeException e) {
            drop(CloseStatus.SESSION_NOT_RELIABLE, "sending failed: " + e);
        } finally {
            draining.set(false);
        }
        // A message queued after the loop saw an empty queue but before draining was cleared
        // would otherwise wait for the next event.
        if (!queue.isEmpty() && !dropped.get()) scheduleDrain();
    }

    private void drop(CloseStatus status, String why) {
        if (!dropped.compareAndSet(false, true)) return;
        queue.clear();
        log.info("dropping event stream client {}: {}", session.getId(), why);
        try {
            // Closed on the sender pool: a client stuck in a send must not block the publisher.
            sender.execute(() -> close(status));
        } catch (RejectedExecutionException e) {
            close(status);
        }
    }

    private void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            // The connection is already broken; closing it is all that was left to do.
            log.debug("closing client {} failed: {}", session.getId(), e.toString());
        }
    }
}
