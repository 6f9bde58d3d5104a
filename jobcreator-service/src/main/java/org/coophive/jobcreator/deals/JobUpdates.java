package org.coophive.jobcreator.deals;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.model.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores each new version of a job, logs the phases it reaches and tells the subscribers. */
final class JobUpdates {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final JobStore store;
    private final Clock clock;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    JobUpdates(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    List<Job> all() {
        return store.all();
    }

    Optional<Job> find(String id) {
        return store.find(id);
    }

    Optional<Job> findByDeal(String dealId) {
        return store.findByDeal(dealId);
    }

    Optional<Job> findByOffer(String offerId) {
        return store.findByOffer(offerId);
    }

    /** The stored version of {@code job} (a transaction's hash may have been journaled meanwhile). */
    Job current(Job job) {
        return store.find(job.id()).orElse(job);
    }

    Job save(Job job) {
        return store.save(job);
    }

    AutoCloseable subscribe(JobListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Job ensure(Job job, Phase phase, String message) {
        return job.reached(phase) ? job : phase(job, phase, message);
    }

    Job phase(Job job, Phase phase, String message) {
        Job updated = store.save(job.withPhase(phase, clock.instant(), message));
        log.info(
                "job {} deal {}: {} {}", job.id(), job.dealId().isEmpty() ? "-" : job.dealId(), phase.label(), message);
        announce(updated);
        return updated;
    }

    void finish(Job job, Outcome outcome, String why) {
        Job finished = store.save(job.finished(outcome, why, clock.instant()));
        log.info("job {} finished: {} {}", job.id(), outcome, UserText.escape(why, 500));
        announce(finished);
    }

    /** Tells the subscribers the last phase {@code job} reached. */
    void announce(Job job) {
        PhaseEvent event = job.phases().get(job.phases().size() - 1);
        for (JobListener listener : listeners) {
            try {
                listener.onPhase(job, event);
            } catch (RuntimeException e) {
                // A failing subscriber (a closed SSE stream) must not stop the engine.
                log.debug("job listener failed: {}", e.toString());
            }
        }
    }
}
