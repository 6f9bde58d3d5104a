package org.coophive.jobcreator.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.jobcreator.deals.InMemoryJobStore;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobJson;
import org.coophive.jobcreator.deals.JobListener;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobService;
import org.coophive.jobcreator.deals.JobSource;
import org.coophive.jobcreator.deals.Outcome;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.deals.PhaseEvent;
import tools.jackson.databind.node.ObjectNode;

/** A job service whose jobs the test moves through their phases by hand. */
final class StubJobs implements JobService {

    InMemoryJobStore store = new InMemoryJobStore();
    final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    final List<JobRequest> submitted = new CopyOnWriteArrayList<>();
    int counter;

    /** Forgets everything (the Spring context, and so this bean, is shared between tests). */
    synchronized void reset() {
        store = new InMemoryJobStore();
        listeners.clear();
        submitted.clear();
        counter = 0;
    }

    @Override
    public synchronized Job submit(JobRequest request) throws InvalidJobException {
        if (request.module().startsWith("nope")) {
            throw new InvalidJobException("module " + request.module() + ": unknown module nope", null);
        }
        submitted.add(request);
        Job job = job(
                "job-" + (++counter),
                request.module(),
                request.inputs(),
                List.of(new PhaseEvent(Phase.SUBMITTED, Instant.parse("2026-11-24T12:00:00Z"), request.module())),
                null,
                null);
        store.save(job);
        return job;
    }

    /** Adds a phase to a job and tells the subscribers. */
    synchronized Job advance(String id, Phase phase, String message) {
        Job job = store.find(id).orElseThrow();
        List<PhaseEvent> phases = new java.util.ArrayList<>(job.phases());
        PhaseEvent event = new PhaseEvent(phase, Instant.parse("2026-11-24T12:00:01Z"), message);
        phases.add(event);
        Job updated = job(
                id,
                job.module(),
                job.inputs(),
                phases,
                phase == Phase.FINISHED ? Outcome.SUCCEEDED : null,
                job.result());
        store.save(updated);
        listeners.forEach(listener -> listener.onPhase(updated, event));
        return updated;
    }

    /** A finished job whose results were downloaded to {@code tar}. */
    synchronized Job withResult(String id, java.nio.file.Path tar) {
        Job job = store.find(id).orElseThrow();
        Job updated = job(
                id,
                job.module(),
                job.inputs(),
                job.phases(),
                job.outcome(),
                new org.coophive.jobcreator.deals.JobResult(
                        "QmData", tar.toString(), tar.getParent().toString(), 0, "", 3));
        return store.save(updated);
    }

    private static Job job(
            String id,
            String module,
            Map<String, String> inputs,
            List<PhaseEvent> phases,
            Outcome outcome,
            org.coophive.jobcreator.deals.JobResult result) {
        // Built through JSON: the engine's withers are package-private, as they should be.
        ObjectNode node = JobJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("source", JobSource.API.name());
        node.put("module", module);
        node.set("inputs", JobJson.mapper().valueToTree(inputs));
        node.put("created_at", "2026-11-24T12:00:00Z");
        node.set("phases", JobJson.mapper().valueToTree(phases));
        if (outcome != null) node.put("outcome", outcome.name());
        if (result != null) node.set("result", JobJson.mapper().valueToTree(result));
        node.put("deal_id", "QmDeal");
        return JobJson.mapper().treeToValue(node, Job.class);
    }

    @Override
    public Optional<Job> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Job> list() {
        return store.all();
    }

    @Override
    public AutoCloseable subscribe(JobListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
