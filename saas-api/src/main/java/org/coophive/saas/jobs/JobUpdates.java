package org.coophive.saas.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live job updates for browsers and API clients: each subscriber of a job gets its current state
 * at once, then every change, and the stream ends when the job finishes. A subscriber whose
 * connection broke is dropped; the others go on.
 */
@Component
public class JobUpdates {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;
    private final Map<UUID, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

    /** A stream of {@code job} events for this job, starting with {@code current}. */
    public SseEmitter subscribe(JobView current) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        UUID id = UUID.fromString(current.id());
        if (!send(emitter, current)) return emitter;
        if (current.finished()) {
            emitter.complete();
            return emitter;
        }
        List<SseEmitter> list = subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    void publish(JobView view) {
        UUID id = UUID.fromString(view.id());
        List<SseEmitter> list = subscribers.get(id);
        if (list == null) return;
        for (SseEmitter emitter : list) {
            if (!send(emitter, view)) {
                list.remove(emitter);
            } else if (view.finished()) {
                emitter.complete();
                list.remove(emitter);
            }
        }
        if (view.finished()) subscribers.remove(id);
    }

    private static boolean send(SseEmitter emitter, JobView view) {
        try {
            emitter.send(
                    SseEmitter.event().name("job").data(view, org.springframework.http.MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e); // The client went away: this subscriber is done.
            return false;
        }
    }
}
