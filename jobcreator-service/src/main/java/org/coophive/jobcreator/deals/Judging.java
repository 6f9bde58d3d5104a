package org.coophive.jobcreator.deals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.JobCreatorSteps;
import org.coophive.common.chain.OnChainResult;
import org.coophive.common.chain.TxResult;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.Result;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.common.solver.SolverUnavailableException;
import org.coophive.executor.results.ResultUnpacker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges posted results: downloads and verifies them (the tar's data id against the result's and
 * the one committed on chain), then accepts them or, when they are unusable or drawn for a check,
 * pays a mediator to check them.
 */
final class Judging {

    private static final Logger log = LoggerFactory.getLogger(JobCreatorEngine.class);

    private final EngineSettings settings;
    private final SolverClient solver;
    private final JobCreatorSteps chain;
    private final IntSupplier percentDice;
    private final JobUpdates jobs;
    private final Transactions transactions;

    Judging(
            EngineSettings settings,
            SolverClient solver,
            JobCreatorSteps chain,
            IntSupplier percentDice,
            JobUpdates jobs,
            Transactions transactions) {
        this.settings = settings;
        this.solver = solver;
        this.chain = chain;
        this.percentDice = percentDice;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    boolean judge(Job job, DealTerms terms, DealTransactionsJobCreator reported) {
        if (transactions.inFlight(job, Step.ACCEPT_RESULT, reported)
                || transactions.inFlight(job, Step.CHECK_RESULT, reported)) {
            return false;
        }
        if (job.result() != null && !job.reached(Phase.DOWNLOADED)) job = confirmFetchedAhead(job, terms);
        if (job.result() == null && job.downloadFailures() < settings.maxDownloadAttempts()) {
            job = download(job, terms);
            if (job.result() == null && job.downloadFailures() < settings.maxDownloadAttempts()) return false;
        }
        if (job.decision() == null) job = jobs.save(decide(job));
        if (job.decision() == Decision.ACCEPT) {
            TxResult tx = transactions.send(job, Step.ACCEPT_RESULT, () -> chain.acceptResult(terms));
            jobs.phase(jobs.current(job), Phase.ACCEPTED, "tx " + tx.txHash());
        } else {
            Optional<TxResult> sent = transactions.sendSpending(
                    job,
                    Step.APPROVE_CHECK_RESULT,
                    Step.CHECK_RESULT,
                    terms.mediationFee(),
                    () -> chain.checkResult(terms));
            if (sent.isEmpty()) return false;
            TxResult tx = sent.get();
            job = jobs.current(job);
            jobs.phase(
                    job,
                    Phase.CHECKED,
                    job.message() + "; paid the mediation fee " + TokenAmounts.format(terms.mediationFee())
                            + " tokens; tx " + tx.txHash());
        }
        return true;
    }

    /**
     * Fetches the result the provider posted at the solver while its {@code addResult} is still
     * mining: download, check against the result's data id, unpack. Only the files: the job is
     * judged once the chain holds the result, and {@link #judge} first checks the fetched data id
     * against the one committed on chain. Best effort: anything that goes wrong here leaves the job
     * as it was, to be downloaded after {@code addResult} as always.
     */
    void fetchAhead(Job job, DealTerms terms) {
        if (job.result() != null || job.downloadFailures() > 0) return;
        try {
            Optional<Result> posted = solver.findResult(job.dealId());
            if (posted.isEmpty() || posted.get().dataId().isEmpty()) return;
            Job fetched = fetch(job, posted.get(), Optional.empty(), " before addResult was mined");
            if (fetched.result() != null) jobs.save(fetched);
        } catch (RuntimeException e) {
            // The download after addResult is mined tries again and records what fails then.
            log.debug("job {} deal {}: fetching the result ahead failed: {}", job.id(), job.dealId(), e.toString());
        }
    }

    /**
     * A result fetched before {@code addResult} was mined counts once the chain holds the same data
     * id; otherwise it is dropped and downloaded again (what the chain says decides).
     */
    private Job confirmFetchedAhead(Job job, DealTerms terms) {
        JobResult fetched = job.result();
        Optional<OnChainResult> onChain = chain.getResult(terms);
        if (onChain.isPresent() && onChain.get().dataId().equals(Bytes32.of(ContentIds.digest(fetched.dataId())))) {
            return jobs.phase(
                    job,
                    Phase.DOWNLOADED,
                    "data id " + fetched.dataId() + ", to " + fetched.directory()
                            + " (fetched while addResult was mined)");
        }
        log.warn(
                "job {} deal {}: the data id fetched ahead, {}, is not the one committed on chain; downloading again",
                job.id(),
                job.dealId(),
                fetched.dataId());
        return jobs.save(job.withResult(null));
    }

    private Job decide(Job job) {
        if (job.result() == null) {
            return job.withDecision(Decision.CHECK, "results unusable (" + job.message() + "): asking a mediator");
        }
        if ("exact".equals(job.verification())
                && settings.mediationChance() > 0
                && percentDice.getAsInt() < settings.mediationChance()) {
            return job.withDecision(
                    Decision.CHECK, "drawn for a check (mediation chance " + settings.mediationChance() + "%)");
        }
        return job.withDecision(Decision.ACCEPT, "");
    }

    private Job download(Job job, DealTerms terms) {
        Optional<Result> posted = solver.findResult(job.dealId());
        if (posted.isEmpty()) {
            return jobs.save(job.withDownloadFailure("the provider's result is not at the solver", false));
        }
        Result result = posted.get();
        if (result.dataId().isEmpty()) {
            // The provider reports that the job could not run: nothing to download, nothing to dispute.
            JobResult failed = new JobResult("", "", "", -1, result.error(), result.instructionCount());
            return jobs.phase(job.withResult(failed), Phase.DOWNLOADED, "no files: " + result.error());
        }
        Job fetched = fetch(job, result, Optional.of(terms), "");
        if (fetched.result() == null) return jobs.save(fetched);
        return jobs.phase(
                fetched,
                Phase.DOWNLOADED,
                Path.of(fetched.result().tar()).toFile().length() + " bytes, data id "
                        + fetched.result().dataId() + ", to " + fetched.result().directory());
    }

    /**
     * Downloads, checks and unpacks a result's files: the job with its result, or with a download
     * failure (not saved). {@code terms} present: the data id is also checked against the chain's.
     */
    private Job fetch(Job job, Result result, Optional<DealTerms> terms, String when) {
        long started = System.nanoTime();
        Path downloads = settings.dataDir().resolve("downloads");
        Path tar = downloads.resolve(job.dealId() + ".tar");
        try {
            Files.createDirectories(downloads);
            solver.downloadFiles(job.dealId(), tar);
        } catch (SolverNotFoundException e) {
            return job.withDownloadFailure("no result files at the solver", false);
        } catch (SolverUnavailableException e) {
            throw e;
        } catch (SolverException | IOException | UncheckedIOException e) {
            return job.withDownloadFailure("download failed: " + e.getMessage(), false);
        }
        long downloaded = System.nanoTime();
        String dataId;
        try {
            dataId = ContentIds.ofFile(tar);
        } catch (IOException e) {
            return job.withDownloadFailure("cannot read the downloaded tar: " + e.getMessage(), false);
        }
        if (!dataId.equals(result.dataId())) {
            return job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the result's " + result.dataId(), true);
        }
        Optional<OnChainResult> onChain = terms.flatMap(chain::getResult);
        if (onChain.isPresent() && !onChain.get().dataId().equals(Bytes32.of(ContentIds.digest(dataId)))) {
            return job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the one the provider committed to on chain", true);
        }
        long verified = System.nanoTime();
        Path dir = settings.dataDir().resolve("results").resolve(job.dealId());
        try {
            deleteRecursively(dir);
            try (InputStream in = Files.newInputStream(tar)) {
                ResultUnpacker.unpack(in, dir);
            }
        } catch (IOException | RuntimeException e) {
            return job.withDownloadFailure("the result tar cannot be unpacked: " + e.getMessage(), true);
        }
        long unpacked = System.nanoTime();
        JobResult stored = new JobResult(
                dataId, tar.toString(), dir.toString(), readExitCode(dir), result.error(), result.instructionCount());
        log.info(
                "job {} deal {}: results downloaded to {}{} (download {} ms, verify {} ms, unpack {} ms)",
                job.id(),
                job.dealId(),
                dir,
                when,
                (downloaded - started) / 1_000_000,
                (verified - downloaded) / 1_000_000,
                (unpacked - verified) / 1_000_000);
        return job.withResult(stored);
    }

    private static int readExitCode(Path dir) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("exitCode")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
