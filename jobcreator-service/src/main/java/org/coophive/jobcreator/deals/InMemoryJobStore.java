package org.coophive.jobcreator.deals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Jobs in memory only: for tests. */
public final class InMemoryJobStore implements JobStore {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final DealIndex deals = new DealIndex();

    @Override
    public synchronized Job save(Job job) {
        deals.saved(jobs.put(job.id(), job), job);
        return job;
    }

    @Override
    public Optional<Job> findByDeal(String dealId) {
        return deals.jobOf(dealId).map(jobs::get);
    }

    @Override
    public Optional<Job> findByOffer(String offerId) {
        return deals.jobOfOffer(offerId).map(jobs::get);
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public List<Job> all() {
        return jobs.values().stream()
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id))
                .toList();
    }
}
