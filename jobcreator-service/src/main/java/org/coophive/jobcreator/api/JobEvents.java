package org.coophive.jobcreator.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobService;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.deals.PhaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's progress as server-sent events: one {@code phase} event per phase (those already
 * reached first, each with its index as event id), the stream ending after {@code FINISHED}.
 */
final class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final long TIMEOUT_MILLIS = 60L * 60 * 1000;

    private final JobService jobs;

    JobEvents(JobService jobs) {
        this.jobs = jobs;
    }

    SseEmitter stream(String jobId) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        Object lock = new Object();
        int[] sent = {0};
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        Runnable unsubscribe = () -> {
            AutoCloseable handle = subscription.getAndSet(null);
            if (handle != null) {
                try {
                    handle.close();
                } catch (Exception e) {
                    log.debug("unsubscribe failed: {}", e.toString());
                }
            }
        };
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(error -> unsubscribe.run());
        // Subscribe before replaying, and send each phase by its index once: nothing lost, nothing twice.
        subscription.set(jobs.subscribe((job, event) -> {
            if (job.id().equals(jobId)) catchUp(emitter, lock, sent, job);
        }));
        jobs.find(jobId).ifPresent(job -> catchUp(emitter, lock, sent, job));
        return emitter;
    }

    private static void catchUp(SseEmitter emitter, Object lock, int[] sent, Job job) {
        synchronized (lock) {
            try {
                while (sent[0] < job.phases().size()) {
                    PhaseEvent event = job.phases().get(sent[0]);
                    emitter.send(SseEmitter.event()
                            .id(Integer.toString(sent[0]))
                            .name("phase")
                            .data(JobView.phase(event), MediaType.APPLICATION_JSON));
                    sent[0]++;
                    if (event.phase() == Phase.FINISHED) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away: the completion callback unsubscribes.
                emitter.completeWithError(e);
            }
        }
    }
}
