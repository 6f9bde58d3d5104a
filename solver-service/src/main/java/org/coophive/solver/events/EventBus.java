package org.coophive.solver.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.coophive.common.model.SolverEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells subscribers what changed, in process. Features publish only after their database
 * transaction committed, so a subscriber never hears of something a reader cannot find.
 * Subscribers must not block: the WebSocket clients each have their own queue and sender.
 */
@Component
public class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Consumer<SolverEvent>> subscribers = new CopyOnWriteArrayList<>();

    /** Publishes the events, in order. */
    public void publish(List<SolverEvent> events) {
        events.forEach(this::publish);
    }

    public void publish(SolverEvent event) {
        log.debug("event {}", event.eventType());
        for (Consumer<SolverEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                // One broken subscriber must not keep the event from the others or fail the caller.
                log.warn("an event subscriber failed on {}", event.eventType(), e);
            }
        }
    }

    /** Adds a subscriber; returns what removes it. */
    public Runnable subscribe(Consumer<SolverEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
