package org.coophive.mediator.mediations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.JobOffer;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverException;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;
import org.coophive.executor.results.ResultUnpacker;
import org.coophive.executor.results.UnsafeResultEntryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the results a resource provider committed to on chain and reaches a verdict.
 *
 * <p>Always, in this order (the first failure rejects):
 *
 * <ol>
 *   <li>the RP's result files are on the solver (downloaded as the deal's mediator);
 *   <li>their content id is the data id the RP posted on chain;
 *   <li>they unpack safely (no links, no absolute or {@code ..} names, no devices) into the result
 *       layout: {@code stdout}, {@code stderr}, {@code exitCode} holding a number, {@code outputs/}.
 * </ol>
 *
 * Then by the module's verification rule: {@code exact} re-runs the module with the deal's inputs
 * through the executor, packs the result deterministically and accepts if and only if its data id
 * equals the posted one; {@code none} accepts on the checks above alone, since a re-run of a
 * module whose outputs vary proves nothing either way.
 *
 * <p>The instruction count is not compared: it is CPU time, which differs between any two runs.
 *
 * <p><b>Limits.</b> The mediator's executor keeps at least what any provider may (its default
 * {@code JOB_OUTPUTS_LIMIT} and {@code JOB_LOGS_LIMIT} are the highest a provider may set). A
 * provider's log cut at its own smaller limit is cut the same way in the re-run before comparing.
 * A re-run that goes over the mediator's own limits (outputs too large, or a log cut shorter than
 * the provider's) is the mediator's failure: no verdict, never a rejection of the provider.
 */
class ResultVerifier {

    private static final String[] LOG_STREAMS = {"stdout", "stderr"};

    private static final Logger log = LoggerFactory.getLogger(ResultVerifier.class);

    private final SolverClient solver;
    private final ModuleLoader modules;
    private final Executor executor;
    private final Path workRoot;
    private final MediationMetrics metrics;

    ResultVerifier(
            SolverClient solver, ModuleLoader modules, Executor executor, Path workRoot, MediationMetrics metrics) {
        this.solver = solver;
        this.modules = modules;
        this.executor = executor;
        this.workRoot = workRoot;
        this.metrics = metrics;
    }

    /**
     * @param dealId the deal's content id
     * @param offer the job offer of the deal, as agreed (its module and inputs)
     * @param postedDataId the data id the RP committed to on chain
     * @throws CannotJudgeException when no verdict can be reached now
     */
    Judgement judge(String dealId, JobOffer offer, String postedDataId) throws CannotJudgeException {
        Path dir = workRoot.resolve(dealId);
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            return judgeIn(dir, dealId, offer, postedDataId);
        } catch (IOException e) {
            throw new CannotJudgeException("cannot use the work directory " + dir + ": " + e.getMessage(), true, e);
        } finally {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                log.warn("deal {}: cannot remove the work directory {}: {}", dealId, dir, e.toString());
            }
        }
    }

    private Judgement judgeIn(Path dir, String dealId, JobOffer offer, String postedDataId)
            throws CannotJudgeException, IOException {
        Path tar = dir.resolve("resource-provider.tar");
        try {
            solver.downloadFiles(dealId, tar);
        } catch (SolverNotFoundException e) {
            return Judgement.reject("the resource provider uploaded no result files to the solver");
        } catch (SolverException e) {
            throw new CannotJudgeException("cannot download the result files: " + e.getMessage(), true, e);
        }
        String filesId = ContentIds.ofFile(tar);
        if (!filesId.equals(postedDataId)) {
            return Judgement.reject("the result files on the solver have data id " + filesId + ", not the data id "
                    + postedDataId + " the resource provider posted on chain");
        }

        Path unpacked = dir.resolve("resource-provider");
        try (InputStream in = Files.newInputStream(tar)) {
            ResultUnpacker.unpack(in, unpacked);
        } catch (UnsafeResultEntryException e) {
            return Judgement.reject("the result files hold an unsafe entry: " + e.getMessage());
        } catch (IOException e) {
            return Judgement.reject("the result files are not a readable tar: " + e.getMessage());
        }
        Optional<String> layoutProblem = layoutProblem(unpacked);
        if (layoutProblem.isPresent()) {
            return Judgement.reject("the result files are not a result: " + layoutProblem.get());
        }
        int providerExitCode = exitCode(unpacked);

        JobSpec spec;
        try {
            spec = modules.loadRemoteOnly(offer.module(), offer.inputs());
        } catch (ModuleException e) {
            throw new CannotJudgeException("cannot load the module of the deal: " + e.getMessage(), true, e);
        }
        if (spec.verification() == JobSpec.Verification.NONE) {
            return Judgement.accept("module " + spec.module() + " has verification none, so a re-run proves nothing;"
                    + " the result files match the posted data id " + postedDataId
                    + ", unpack safely and hold a result with exit code " + providerExitCode);
        }

        Path rerunDir = dir.resolve("mediator");
        ExecutionResult rerun;
        try {
            rerun = executor.run("mediation-" + dealId, spec, rerunDir);
        } catch (ExecutionException e) {
            // This mediator's own settings refuse the job (privileges it does not grant): asking
            // again changes nothing, and it says nothing about the provider's results.
            boolean retryable = e.reason() != ExecutionException.Reason.NOT_GRANTED;
            throw new CannotJudgeException("cannot re-run " + spec.module() + ": " + e.getMessage(), retryable, e);
        }
        metrics.rerun(rerun.outcome());
        if (rerun.outcome() == ExecutionResult.Outcome.TIMED_OUT
                || rerun.outcome() == ExecutionResult.Outcome.OUT_OF_MEMORY) {
            // Our machine may be slower or smaller than the RP's: this says nothing about its results,
            // and running the job again would fail the same way.
            throw new CannotJudgeException(
                    "the re-run of " + spec.module() + " ended " + rerun.outcome() + ": no verdict", false);
        }
        if (rerun.outcome() == ExecutionResult.Outcome.OUTPUTS_TOO_LARGE) {
            // Our own limit, not the provider's: its result may hold what ours could not.
            throw new CannotJudgeException(
                    "the re-run of " + spec.module() + " went over this mediator's own outputs limit ("
                            + rerun.limitExceeded() + "; JOB_OUTPUTS_LIMIT): no verdict",
                    false);
        }
        PackagedResult packed = ResultPackager.pack(rerunDir, dir.resolve("mediator.tar"));
        if (packed.dataId().equals(postedDataId)) {
            return Judgement.accept("the re-run of " + spec.module() + " gave the posted data id " + postedDataId
                    + " (exit code " + rerun.exitCode() + ")");
        }
        if (recutLogsLikeTheProvider(unpacked, rerunDir)) {
            packed = ResultPackager.pack(rerunDir, dir.resolve("mediator-cut.tar"));
            if (packed.dataId().equals(postedDataId)) {
                return Judgement.accept("the re-run of " + spec.module() + " gave the posted data id " + postedDataId
                        + " once its logs were cut where the provider's limit cut them (exit code "
                        + rerun.exitCode() + ")");
            }
        }
        for (String stream : LOG_STREAMS) {
            Optional<ResultLimits.LogCut> own = ResultLimits.cutOf(rerunDir.resolve(stream));
            Optional<ResultLimits.LogCut> theirs = ResultLimits.cutOf(unpacked.resolve(stream));
            if (own.isPresent()
                    && (theirs.isEmpty() || theirs.get().limit() > own.get().limit())) {
                // The provider kept more of the log than this mediator's own limit: the bytes
                // cannot be compared, and that is this mediator's doing.
                throw new CannotJudgeException(
                        "the re-run of " + spec.module() + " kept " + own.get().limit() + " bytes of its " + stream
                                + " (this mediator's own JOB_LOGS_LIMIT), the provider's result kept more: no verdict",
                        false);
            }
        }
        return Judgement.reject("the re-run of " + spec.module() + " gave data id " + packed.dataId() + " (exit code "
                + rerun.exitCode() + "), the resource provider posted " + postedDataId + " (exit code "
                + providerExitCode + ")");
    }

    /**
     * Cuts the re-run's log streams where the provider's result says its own (smaller) limit cut
     * them, as its executor would have; whether any stream was cut.
     */
    private static boolean recutLogsLikeTheProvider(Path provider, Path rerun) throws IOException {
        boolean recut = false;
        for (String stream : LOG_STREAMS) {
            Optional<ResultLimits.LogCut> theirs = ResultLimits.cutOf(provider.resolve(stream));
            if (theirs.isPresent()) {
                recut |= ResultLimits.recut(
                        rerun.resolve(stream), stream, theirs.get().limit());
            }
        }
        return recut;
    }

    private static Optional<String> layoutProblem(Path result) throws IOException {
        for (String file : new String[] {"stdout", "stderr", "exitCode"}) {
            if (!Files.isRegularFile(result.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("no " + file + " file");
            }
        }
        if (!Files.isDirectory(result.resolve("outputs"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("no outputs directory");
        }
        String exitCode = Files.readString(result.resolve("exitCode"), StandardCharsets.UTF_8)
                .strip();
        if (!exitCode.matches("-?[0-9]{1,9}")) {
            return Optional.of("exitCode is not a number");
        }
        return Optional.empty();
    }

    private static int exitCode(Path result) throws IOException {
        return Integer.parseInt(Files.readString(result.resolve("exitCode"), StandardCharsets.UTF_8)
                .strip());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
