package org.coophive.resourceprovider.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.coophive.common.journal.JournalFiles;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.UserText;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.module.ModuleException;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs deals' jobs, at most one per deal and at most {@code slots} at once, each on its own
 * thread, and keeps what they produced in the data folder ({@code jobs/<dealId>/}: {@code result/},
 * {@code result.tar}, {@code outcome.json}). An outcome on disk is final: the job is never run
 * again. A job interrupted by a crash is run again with the same deal id, which the Docker
 * executor turns into picking up the container still running it.
 *
 * <p>A job that ran and failed (non-zero exit, timeout, out of memory) or could not run for a
 * reason that will not change (unknown module, missing image, no GPU) is an outcome with an error;
 * the result still carries its logs and exit code. An engine that cannot be reached is not: the job
 * is tried again on a later pass.
 */
public final class JobRunner implements AutoCloseable {

    private static final JsonMapper JOURNAL_JSON = JsonMapper.builder().build();

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** What a deal id may look like to be looked up in the data folder (no path separators). */
    private static final java.util.regex.Pattern DEAL_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** Archive overhead allowed for on top of the outputs and logs limits. */
    static final long TAR_MARGIN = 1L << 20;

    /** The file test mode adds to a job's outputs, which changes the result's data id. */
    public static final String WRONG_RESULT_FILE = "coophive-test-mode-wrong-result.txt";

    private final Executor executor;
    private final ModuleLoader modules;
    private final Path jobsDir;
    private final int slots;
    private final boolean testModeWrongResults;
    private final long maxResultBytes;
    private final boolean allowNetwork;
    private final ExecutorService pool;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    /** Deals whose job the executor was asked to make ready (see {@link #prepare}). */
    private final java.util.Set<String> prepared = ConcurrentHashMap.newKeySet();
    /** Loads the modules of jobs to prepare, off the caller's thread. */
    private final ExecutorService preparing;

    private final AtomicInteger runningCount = new AtomicInteger();
    private final Counter done;
    private final Counter failed;

    public JobRunner(
            Executor executor,
            ModuleLoader modules,
            Path dataDir,
            int slots,
            boolean testModeWrongResults,
            MeterRegistry meters) {
        this(executor, modules, dataDir, slots, testModeWrongResults, ResultLimits.DEFAULTS, false, meters);
    }

    /**
     * @param limits the executor's result limits; a result tar larger than they allow (outputs,
     *     both logs and {@value #TAR_MARGIN} bytes of archive overhead) is replaced by an error
     *     result, whatever the executor kept
     * @param allowNetwork whether a module may have network access ({@code OFFER_NETWORK}); a module
     *     asking for it is otherwise not run, whatever the deal's job offer said
     */
    public JobRunner(
            Executor executor,
            ModuleLoader modules,
            Path dataDir,
            int slots,
            boolean testModeWrongResults,
            ResultLimits limits,
            boolean allowNetwork,
            MeterRegistry meters) {
        this(executor, modules, dataDir, slots, testModeWrongResults, limits, allowNetwork, meters, preparingThread());
    }

    /** @param preparing where {@link #prepare} loads modules (tests hold it to order a discard first) */
    JobRunner(
            Executor executor,
            ModuleLoader modules,
            Path dataDir,
            int slots,
            boolean testModeWrongResults,
            ResultLimits limits,
            boolean allowNetwork,
            MeterRegistry meters,
            ExecutorService preparing) {
        this.preparing = preparing;
        this.allowNetwork = allowNetwork;
        this.maxResultBytes = limits.maxOutputBytes() + 2 * limits.maxLogBytes() + TAR_MARGIN;
        this.executor = executor;
        this.modules = modules;
        this.jobsDir = dataDir.resolve("jobs");
        this.slots = slots;
        this.testModeWrongResults = testModeWrongResults;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(slots, runnable -> {
            Thread thread = new Thread(runnable, "rp-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("coophive.rp.jobs.running", runningCount, AtomicInteger::get)
                .description("jobs running now")
                .register(meters);
        // Outputs space ready for every slot before a job arrives, and what a crash left of
        // finished jobs removed: the executor tells this provider's leftovers by its owner name.
        executor.prepare(owner(dataDir), slots, this::finished);
        this.done = Counter.builder("coophive.rp.jobs.done")
                .description("jobs that ran and succeeded")
                .register(meters);
        this.failed = Counter.builder("coophive.rp.jobs.failed")
                .description("jobs that failed or could not run")
                .register(meters);
    }

    private static ExecutorService preparingThread() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rp-job-prepare");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The name the executor labels this provider's spare outputs with: the host and the data
     * folder, the same across restarts and never shared by two running providers (the data folder
     * is locked).
     */
    static String owner(Path dataDir) {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return host + ":" + dataDir.toAbsolutePath().normalize();
    }

    /** Whether {@code jobId}, as found on the engine, names a deal of this provider that has an outcome. */
    private boolean finished(String jobId) {
        return DEAL_ID.matcher(jobId).matches() && outcome(jobId).isPresent();
    }

    /** What the deal's job produced, if it has finished. */
    public Optional<JobOutcome> outcome(String dealId) {
        return JournalFiles.readJson(jobsDir.resolve(dealId).resolve("outcome.json"), JOURNAL_JSON, JobOutcome.class);
    }

    /** The result tar of a finished job. */
    public Path resultTar(String dealId) {
        return jobsDir.resolve(dealId).resolve("result.tar");
    }

    public boolean isRunning(String dealId) {
        return running.containsKey(dealId);
    }

    public int runningCount() {
        return runningCount.get();
    }

    /**
     * Makes the deal's job ready to start (its container created, not started) while the
     * agreements are mined, so that {@link #start} only starts it. Nothing runs before {@code
     * start}: the job runs only once both parties agreed. A job that cannot be prepared (its module
     * does not load) is left to {@code start}, which reports why. Returns at once; does nothing for
     * a deal already prepared, running or finished.
     */
    public void prepare(String dealId, JobOffer job) {
        if (running.containsKey(dealId) || !prepared.add(dealId)) return;
        try {
            preparing.execute(() -> {
                try {
                    if (outcome(dealId).isPresent()) return;
                    JobSpec spec = modules.loadRemoteOnly(job.module(), job.inputs());
                    if (spec.network() && !allowNetwork) return;
                    synchronized (prepared) {
                        // Discarded while the module loaded, or already started: nothing to make.
                        if (!prepared.contains(dealId) || running.containsKey(dealId)) return;
                        executor.prepareJob(dealId, spec); // returns at once: the container is made off this lock
                    }
                } catch (ModuleException | RuntimeException e) {
                    log.debug("deal {}: the job could not be prepared ({})", dealId, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            prepared.remove(dealId); // closed
        }
    }

    /**
     * Removes what {@link #prepare} made for a deal that ended without its job running, also when
     * the preparation is still queued: it then makes nothing.
     */
    public void discard(String dealId) {
        synchronized (prepared) { // against a queued preparation asking the executor after this
            if (prepared.remove(dealId)) executor.discardJob(dealId);
        }
    }

    /**
     * Starts the deal's job unless it is running, finished, or every slot is busy.
     *
     * @param whenDone called on the job's thread once it ends, whatever happened
     * @return whether it was started now
     */
    public synchronized boolean start(String dealId, JobOffer job, Runnable whenDone) {
        if (running.containsKey(dealId) || outcome(dealId).isPresent()) return false;
        if (running.size() >= slots) {
            log.debug("all {} slots are busy: deal {} waits", slots, dealId);
            return false;
        }
        running.put(dealId, Boolean.TRUE);
        runningCount.incrementAndGet();
        pool.execute(() -> {
            try {
                run(dealId, job);
            } catch (RuntimeException e) {
                log.warn("deal {}: the job could not finish ({}); it will be tried again", dealId, e.toString(), e);
            } finally {
                prepared.remove(dealId);
                running.remove(dealId);
                try {
                    whenDone.run();
                } finally {
                    runningCount.decrementAndGet(); // after whenDone: a job is over once its end is handled
                }
            }
        });
        return true;
    }

    private void run(String dealId, JobOffer job) {
        Path dir = jobsDir.resolve(dealId);
        Path resultDir = dir.resolve("result");
        deleteRecursively(resultDir); // what a crashed run left; its container is picked up by the executor
        log.info("deal {}: running job {}", dealId, describe(job));
        int exitCode;
        long instructions;
        String error;
        try {
            JobSpec spec = modules.loadRemoteOnly(job.module(), job.inputs());
            if (spec.network() && !allowNetwork) {
                throw new ModuleException(
                        spec.module(),
                        "asks for network access, which this provider does not allow (OFFER_NETWORK is off)");
            }
            ExecutionResult result = executor.run(dealId, spec, resultDir);
            exitCode = result.exitCode();
            instructions = result.instructionCount();
            error = switch (result.outcome()) {
                case SUCCEEDED -> "";
                case FAILED -> "the job exited with code " + result.exitCode();
                case TIMED_OUT -> "the job ran past its timeout of "
                        + spec.timeout().toSeconds() + " s";
                case OUT_OF_MEMORY -> "the job ran out of memory (" + spec.memoryMb() + " MB)";
                case OUTPUTS_TOO_LARGE -> result.limitExceeded();
            };
        } catch (ModuleException e) {
            exitCode = -1;
            instructions = 0;
            error = "the module could not be loaded: " + e.getMessage();
            writeFailure(resultDir, error);
        } catch (ExecutionException e) {
            switch (e.reason()) {
                case ENGINE_UNAVAILABLE, RESULT_DIRECTORY -> {
                    log.warn("deal {}: the job could not run now ({}); trying again later", dealId, e.getMessage());
                    return;
                }
                default -> {
                    exitCode = -1;
                    instructions = 0;
                    error = "the job could not run: " + e.getMessage();
                    writeFailure(resultDir, error);
                }
            }
        }
        boolean wrong = false;
        if (testModeWrongResults) {
            wrong = true;
            log.warn(
                    "TEST MODE (TEST_MODE_WRONG_RESULTS): deal {} gets deliberately WRONG results; a mediator will reject them",
                    dealId);
            write(
                    resultDir.resolve("outputs").resolve(WRONG_RESULT_FILE),
                    "These results were altered on purpose by a provider in test mode.\n");
        }
        PackagedResult packed = pack(dealId);
        if (packed.size() > maxResultBytes) {
            // An executor without caps of its own (Bacalhau): the solver would refuse the upload.
            error = "outputs too large: " + packed.size() + " bytes, limit " + maxResultBytes;
            writeFailure(resultDir, error);
            packed = pack(dealId);
        }
        // The error may quote the job's own text (a module name, an input): storable and bounded.
        error = UserText.escape(error, 2000);
        JobOutcome outcome = new JobOutcome(dealId, packed.dataId(), instructions, exitCode, error, wrong);
        JournalFiles.writeJson(dir.resolve("outcome.json"), JOURNAL_JSON, outcome);
        if (outcome.failed()) {
            failed.increment();
            log.info("deal {}: job failed ({}), result data {}", dealId, UserText.escape(error, 500), outcome.dataId());
        } else {
            done.increment();
            log.info("deal {}: job succeeded, result data {}, {} instructions", dealId, outcome.dataId(), instructions);
        }
    }

    /**
     * Replaces a finished job's result by one that only says why it cannot be delivered (the
     * reason in {@code stderr}, no outputs), for a result the solver refused for good: the deal
     * then proceeds with an error result instead of retrying what will be refused again. The
     * instruction count stays: the job did run.
     *
     * @return the new outcome
     */
    public synchronized JobOutcome replaceWithError(String dealId, String error) {
        JobOutcome old =
                outcome(dealId).orElseThrow(() -> new IllegalStateException("deal " + dealId + " has no outcome"));
        Path dir = jobsDir.resolve(dealId);
        writeFailure(dir.resolve("result"), error);
        PackagedResult packed = pack(dealId);
        JobOutcome replaced = new JobOutcome(
                dealId, packed.dataId(), old.instructionCount(), -1, UserText.escape(error, 2000), false);
        JournalFiles.writeJson(dir.resolve("outcome.json"), JOURNAL_JSON, replaced);
        log.warn("deal {}: result replaced by an error result ({}), data {}", dealId, error, replaced.dataId());
        return replaced;
    }

    private PackagedResult pack(String dealId) {
        Path dir = jobsDir.resolve(dealId);
        try {
            return ResultPackager.pack(dir.resolve("result"), dir.resolve("result.tar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the results of deal " + dealId, e);
        }
    }

    /** The layout of a result for a job that never ran: the reason in {@code stderr}. */
    private static void writeFailure(Path resultDir, String error) {
        deleteRecursively(resultDir);
        write(resultDir.resolve("stdout"), "");
        write(resultDir.resolve("stderr"), error + "\n");
        write(resultDir.resolve("exitCode"), "-1");
        try {
            Files.createDirectories(resultDir.resolve("outputs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    private static String describe(JobOffer job) {
        String module = job.module().name().isEmpty()
                ? job.module().repo() + "@" + job.module().hash()
                : job.module().name();
        return UserText.escape(module) + " with inputs "
                + UserText.escape(job.inputs().keySet().toString());
    }

    /**
     * Stops taking jobs. Running jobs are not interrupted: their threads are daemons and die with
     * the process, while their containers run on and are picked up after a restart (an interrupt
     * would make the executor remove them).
     */
    @Override
    public void close() {
        preparing.shutdown();
        pool.shutdown();
    }
}
