package org.coophive.jobcreator.deals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Jobs in memory only: for tests. */
public final class InMemoryJobStore implements JobStore {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    @Override
    public Job save(Job job) {
        jobs.put(job.id(), job);
        return job;
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
