package org.coophive.jobcreator.deals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coophive.common.journal.JournalFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON file per job in a folder, each written to a temporary file, forced to disk and moved
 * into place, so a crash leaves the old or the new version, never half of one. Read once at start
 * and kept in memory.
 *
 * <p>The move is forced to disk too (durable) only for a version that must outlive a power loss: a
 * new job (its submitter was given its id), one whose transaction journal changed (journaled before
 * the node gets the transaction), one that ended or whose settlement's confirmations changed. The
 * other versions record what the job learns again from the solver and the chain (a phase reached,
 * an offer posted again is the same offer, a result fetched again); after a power loss such a job
 * is as it was at an earlier version, as after a crash then, and takes those steps again. This
 * spares about nine forced moves of a job's fifteen-odd versions (about 12 ms each on a loaded disk).
 */
public final class FileJobStore implements JobStore {

    private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final Path dir;
    private final JsonMapper json;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final DealIndex deals = new DealIndex();

    public FileJobStore(Path dir) {
        this.dir = dir;
        this.json = JobJson.mapper();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .toList()) {
                    // An unreadable file stops the start (common's policy): skipping it would forget a deal.
                    Job job = JournalFiles.readJson(file, json, Job.class).orElseThrow();
                    deals.saved(jobs.put(job.id(), job), job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job folder " + dir, e);
        }
    }

    @Override
    public synchronized Job save(Job job) {
        if (!SAFE_ID.matcher(job.id()).matches()) throw new IllegalArgumentException("unsafe job id " + job.id());
        Path target = dir.resolve(job.id() + ".json");
        Job previous = jobs.get(job.id());
        if (mustOutlivePowerLoss(previous, job)) {
            JournalFiles.writeJson(target, json, job);
        } else {
            JournalFiles.replaceJson(target, json, job);
        }
        deals.saved(jobs.put(job.id(), job), job);
        return job;
    }

    /** Whether {@code job} replacing {@code previous} (null: none) records what cannot be learnt again. */
    static boolean mustOutlivePowerLoss(Job previous, Job job) {
        return previous == null
                || !previous.transactions().equals(job.transactions())
                || !previous.signedTransactions().equals(job.signedTransactions())
                || previous.outcome() != job.outcome()
                || !Objects.equals(previous.unconfirmedSince(), job.unconfirmedSince());
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
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
    public List<Job> all() {
        List<Job> list = new ArrayList<>(jobs.values());
        list.sort(Comparator.comparing(Job::createdAt).thenComparing(Job::id));
        return list;
    }
}
