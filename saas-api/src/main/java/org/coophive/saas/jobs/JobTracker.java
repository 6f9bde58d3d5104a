package org.coophive.saas.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coophive.saas.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the job rows in step with the job creator daemon: every poll reads each unfinished job
 * from the daemon, stores its phases, receipt and outcome, copies the results into the user's
 * {@code results/<job>} folder, refunds what is owed and tells live subscribers. The rows are the
 * truth, so after a restart of saas-api or of the daemon the next poll simply carries on; a job the
 * daemon no longer knows ends as an error and is refunded.
 */
@Component
@ConditionalOnProperty(name = "coophive.saas.track-jobs", havingValue = "true", matchIfMissing = true)
class JobTracker {

    private static final Logger log = LoggerFactory.getLogger(JobTracker.class);
    /** A job still SUBMITTING this long after creation was cut off by a crash mid-submission. */
    private static final Duration SUBMISSION_LOST = Duration.ofMinutes(2);

    private static final int MAX_STDOUT = 256 * 1024;

    private final JobRepository jobs;
    private final JobCreatorClient daemon;
    private final JobService service;
    private final JobOutcomes outcomes;
    private final JobUpdates updates;
    private final FileStore files;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();

    JobTracker(
            JobRepository jobs,
            JobCreatorClient daemon,
            JobService service,
            JobOutcomes outcomes,
            JobUpdates updates,
            FileStore files,
            TransactionTemplate transactions) {
        this.jobs = jobs;
        this.daemon = daemon;
        this.service = service;
        this.outcomes = outcomes;
        this.updates = updates;
        this.files = files;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${coophive.saas.poll-interval:500ms}", initialDelayString = "1s")
    void poll() {
        for (SaasJob job : jobs.findByStatusIn(List.of(SaasJob.SUBMITTING, SaasJob.ACTIVE))) {
            try {
                track(job);
            } catch (IOException e) {
                // The daemon is down or restarting: the job stays active and the next poll retries.
                log.debug("Job {}: job creator unreachable ({})", job.getId(), e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.warn("Job {}: could not be updated: {}", job.getId(), e.toString());
            }
        }
    }

    private void track(SaasJob job) throws IOException {
        if (SaasJob.SUBMITTING.equals(job.getStatus())) {
            if (job.getCreatedAt().plus(SUBMISSION_LOST).isBefore(clock.instant())) {
                outcomes.finish(job.getId(), "ERROR", "the submission was interrupted (saas-api restarted)", true);
                publish(job);
            }
            return;
        }
        Optional<DaemonJob> found;
        try {
            found = daemon.job(job.getDaemonJobId());
        } catch (JobCreatorClient.DaemonRefusedException e) {
            log.warn("Job {}: the job creator answered {}: {}", job.getId(), e.status(), e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            outcomes.finish(job.getId(), "ERROR", "the job creator lost this job", true);
            publish(job);
            return;
        }
        DaemonJob current = found.get();
        Instant now = clock.instant();
        Boolean changed = transactions.execute(status -> {
            SaasJob stored = jobs.findById(job.getId()).orElseThrow();
            return stored.update(
                    current, JobService.write(current.phases()), JobService.write(current.transactions()), now);
        });
        if (current.finished()) {
            if (current.hasResults()) storeResults(job, current);
            String outcome = current.outcome() == null ? "ERROR" : current.outcome();
            outcomes.finish(
                    job.getId(), outcome, current.message(), JobOutcomes.refundable(outcome, current.resultError()));
            publish(job);
        } else if (Boolean.TRUE.equals(changed)) {
            publish(job);
        }
    }

    private void storeResults(SaasJob job, DaemonJob current) throws IOException {
        Path dir;
        try (InputStream tar = daemon.results(current.id())) {
            dir = files.storeResults(job.getAccountId(), job.getId(), tar);
        } catch (JobCreatorClient.DaemonRefusedException e) {
            log.warn("Job {}: results not available ({}): {}", job.getId(), e.status(), e.getMessage());
            return;
        }
        String stdout = "";
        Path file = dir.resolve("stdout");
        if (Files.isRegularFile(file)) {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_STDOUT);
            }
            stdout = new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
        }
        String text = stdout;
        transactions.executeWithoutResult(
                status -> jobs.findById(job.getId()).orElseThrow().resultsStored(text, clock.instant()));
    }

    private void publish(SaasJob job) {
        jobs.findById(job.getId()).map(service::view).ifPresent(updates::publish);
    }
}
