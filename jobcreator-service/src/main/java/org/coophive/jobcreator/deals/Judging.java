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
        long started = System.nanoTime();
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
        Path downloads = settings.dataDir().resolve("downloads");
        Path tar = downloads.resolve(job.dealId() + ".tar");
        try {
            Files.createDirectories(downloads);
            solver.downloadFiles(job.dealId(), tar);
        } catch (SolverNotFoundException e) {
            return jobs.save(job.withDownloadFailure("no result files at the solver", false));
        } catch (SolverUnavailableException e) {
            throw e;
        } catch (SolverException | IOException | UncheckedIOException e) {
            return jobs.save(job.withDownloadFailure("download failed: " + e.getMessage(), false));
        }
        long downloaded = System.nanoTime();
        String dataId;
        try {
            dataId = ContentIds.ofFile(tar);
        } catch (IOException e) {
            return jobs.save(job.withDownloadFailure("cannot read the downloaded tar: " + e.getMessage(), false));
        }
        if (!dataId.equals(result.dataId())) {
            return jobs.save(job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the result's " + result.dataId(), true));
        }
        Optional<OnChainResult> onChain = chain.getResult(terms);
        if (onChain.isPresent() && !onChain.get().dataId().equals(Bytes32.of(ContentIds.digest(dataId)))) {
            return jobs.save(job.withDownloadFailure(
                    "the tar's data id " + dataId + " differs from the one the provider committed to on chain", true));
        }
        long verified = System.nanoTime();
        Path dir = settings.dataDir().resolve("results").resolve(job.dealId());
        try {
            deleteRecursively(dir);
            try (InputStream in = Files.newInputStream(tar)) {
                ResultUnpacker.unpack(in, dir);
            }
        } catch (IOException | RuntimeException e) {
            return jobs.save(job.withDownloadFailure("the result tar cannot be unpacked: " + e.getMessage(), true));
        }
        long unpacked = System.nanoTime();
        JobResult stored = new JobResult(
                dataId, tar.toString(), dir.toString(), readExitCode(dir), result.error(), result.instructionCount());
        long size = tar.toFile().length();
        log.info(
                "job {} deal {}: results downloaded to {} (download {} ms, verify {} ms, unpack {} ms)",
                job.id(),
                job.dealId(),
                dir,
                (downloaded - started) / 1_000_000,
                (verified - downloaded) / 1_000_000,
                (unpacked - verified) / 1_000_000);
        return jobs.phase(job.withResult(stored), Phase.DOWNLOADED, size + " bytes, data id " + dataId + ", to " + dir);
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
