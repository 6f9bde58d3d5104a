package org.coophive.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coophive.common.model.Privileges;
import org.coophive.common.model.UserText;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionException.Reason;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ExecutionResult.Outcome;
import org.coophive.executor.Executor;
import org.coophive.executor.JobSpec;
import org.coophive.executor.ResultLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each job as one container on a Docker engine, through docker-java.
 *
 * <p>A job container is locked down: no network unless {@link JobSpec#network()} (network mode
 * {@code none}: only a loopback interface), CPU ({@code NanoCPUs}) and memory limits from the
 * spec with swap equal to memory (so no swap), at most {@value #PIDS_LIMIT} processes, run as
 * user {@value #JOB_USER} (nobody) with every capability dropped and {@code no-new-privileges},
 * a read-only root filesystem with {@value #SCRATCH_MB} MB of tmpfs scratch at {@value
 * #SCRATCH_PATH} ({@code HOME} unless the module sets it) and the outputs directory on a tmpfs
 * volume of the outputs limit ({@link OutputsSpace}: writes past it fail with {@code ENOSPC};
 * removed with the container), and GPUs only through a device request.
 *
 * <p><b>Privileges.</b> A module that says why it needs more ({@link JobSpec#privileges()}: root,
 * some of {@link Privileges#CAPABILITIES}, a writable root filesystem) gets exactly that, and
 * only when this executor was built granting it (the provider's {@code EXECUTOR_PRIVILEGES});
 * otherwise the job does not run. Everything else stays locked down for it too, and {@code
 * no-new-privileges} stays on: the module is given its user and capabilities directly, so nothing
 * needs to gain any through a setuid binary.
 *
 * <p>The spec's command replaces the image's entrypoint and command, one argument per element, no
 * shell in between. Every job container carries the label {@value #JOB_LABEL}{@code =true}, or
 * {@code =<job id>} when run through {@link #run(String, JobSpec, Path)}, and is removed when the
 * job ends, whatever happens: in the background once its results are collected (see {@link
 * #prepare} for spare outputs per slot, prepared jobs and what is removed after a crash;
 * executor/DOCKER.md).
 *
 * <p><b>Picking up a job after a crash.</b> A job run with an id also gets the container name
 * {@code coophive-job-<id>} (when the id is a valid name). If the caller dies while the job runs,
 * the container lives on; a later run with the same id finds it by its label, does not create or
 * start another, waits for it (within what is left of its timeout) and collects its results. The
 * name makes the engine refuse a second container for the id even if two runs race. The
 * instruction count of a picked-up job is only what the stats stream reports from then on (1
 * if it had already exited).
 *
 * <p>The result directory gets {@code stdout} and {@code stderr} (captured separately),
 * {@code exitCode} (decimal, no newline; {@code -1} when the job was killed at its timeout) and
 * {@code outputs/}, the contents of {@link JobSpec#outputsPath()} in the container (the
 * directory is created empty before the job starts; links and special files are not collected).
 *
 * <p><b>Metering.</b> The instruction count is the CPU time the container used, in
 * milliseconds, as reported by the engine's stats stream ({@code cpu_stats.cpu_usage.total_usage}
 * in nanoseconds / 10<sup>6</sup>), and at least 1. The engine samples once a second and reports
 * nothing for a container that has exited, so the last sample is taken while the container runs:
 * for a job without the gate the final second is not counted and jobs shorter than a second count
 * 1; a gated job's container stays up until its results are collected, so the sample taken as the
 * stream opens usually counts a short job's CPU.
 *
 * <p>Thread-safe: jobs may run concurrently, each in its own container.
 */
public final class DockerExecutor implements Executor {

    /** The label set on every job container (value {@code true}). */
    public static final String JOB_LABEL = "org.coophive.job";
    /** The label of the job containers an executor with an owner made (see {@link #prepare}): the owner. */
    public static final String OWNER_LABEL = "org.coophive.job.owner";

    /** The label of a job container started behind {@link JobGate the gate} ({@code true}). */
    public static final String GATED_LABEL = "org.coophive.job.gated";

    /** The label holding the job's module reference. */
    public static final String MODULE_LABEL = "org.coophive.module";

    static final long PIDS_LIMIT = 256;

    /** The user a job runs as: nobody, with no capabilities. */
    static final String JOB_USER = "65534:65534";

    /** The user a job that asks for root (and is granted it) runs as. */
    static final String ROOT_USER = "0:0";

    /** The writable scratch space of a job (tmpfs, counted in its memory). */
    static final String SCRATCH_PATH = "/tmp";

    /** The size of the scratch space in MB. */
    static final int SCRATCH_MB = 64;

    /** What the name of each job's outputs volume starts with. */
    static final String OUTPUTS_VOLUME_PREFIX = "coophive-outputs-";

    /** What the engine accepts as a container name (after the prefix). */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    /** The size and mode in the engine's stat of a path (JSON). */
    private static final Pattern STAT_SIZE = Pattern.compile("\"size\":(\\d+)");

    private static final Pattern STAT_MODE = Pattern.compile("\"mode\":(\\d+)");

    /** The directory bit of a Go {@code os.FileMode}, as the engine's stat gives it. */
    private static final long GO_MODE_DIR = 1L << 31;

    private static final Logger log = LoggerFactory.getLogger(DockerExecutor.class);
    private static final String GPU_DRIVER_ERROR = "could not select device driver";

    private final DockerClient docker;
    private final ImagePolicy imagePolicy;
    private final ResultLimits limits;
    private final OutputsSpace outputsSpace;
    private final JobGate gate;
    private final Privileges granted;

    /**
     * One background thread for what is off the jobs' path: removing a finished job's container,
     * volume and holder, and making spare outputs volumes (with their holders running) for the
     * jobs to come, so a job neither waits for its outputs space nor for its removal.
     */
    private final ExecutorService housekeeping = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "docker-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    /** Outputs volumes ready for the next jobs; at most {@link #spareCount}. */
    private final ConcurrentLinkedQueue<String> spares = new ConcurrentLinkedQueue<>();

    /**
     * Discards of jobs whose container was still being made ({@link #discarding}): {@link #close}
     * waits for them, so that the removal they hand on meets an open engine client.
     */
    private final java.util.Set<CompletableFuture<?>> discardsUnderWay = ConcurrentHashMap.newKeySet();

    /** Jobs made ready by {@link #prepareJob}, created and not started. */
    private final Map<String, CompletableFuture<JobContainer>> preparedJobs = new ConcurrentHashMap<>();

    /** Done once {@link #prepare} removed what an earlier run of the owner left; jobs start after. */
    private volatile CompletableFuture<Void> swept = CompletableFuture.completedFuture(null);

    /** Whether prepared jobs start behind the gate (off only to measure against it). */
    private volatile boolean gated = true;

    private volatile String owner;
    private volatile int spareCount;
    private volatile boolean closed;

    /**
     * Uses {@code docker}, which the caller keeps and closes, with the default {@link
     * ResultLimits}.
     *
     * @param docker a client of the engine
     * @param imagePolicy whether a missing image may be pulled
     */
    public DockerExecutor(DockerClient docker, ImagePolicy imagePolicy) {
        this(docker, imagePolicy, ResultLimits.DEFAULTS);
    }

    /**
     * Uses {@code docker}, which the caller keeps and closes.
     *
     * @param docker a client of the engine
     * @param imagePolicy whether a missing image may be pulled
     * @param limits how much of each job's outputs and logs is kept
     */
    public DockerExecutor(DockerClient docker, ImagePolicy imagePolicy, ResultLimits limits) {
        this(docker, imagePolicy, limits, Privileges.NONE);
    }

    /**
     * Uses {@code docker}, which the caller keeps and closes.
     *
     * @param docker a client of the engine
     * @param imagePolicy whether a missing image may be pulled
     * @param limits how much of each job's outputs and logs is kept
     * @param granted the privileges a module may ask for and get; a job asking for more is refused
     */
    public DockerExecutor(DockerClient docker, ImagePolicy imagePolicy, ResultLimits limits, Privileges granted) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.imagePolicy = Objects.requireNonNull(imagePolicy, "imagePolicy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.granted = Objects.requireNonNull(granted, "granted");
        this.outputsSpace = new OutputsSpace(docker);
        this.gate = new JobGate(docker, outputsSpace);
    }

    /**
     * Refuses a job that asks for privileges this executor does not grant, and says why a job
     * that gets some has them.
     */
    private void requireGranted(JobSpec job) throws ExecutionException {
        if (job.privileges().none()) return;
        Optional<String> missing = granted.missing(job.privileges());
        if (missing.isPresent()) {
            throw new ExecutionException(
                    Reason.NOT_GRANTED,
                    job.module() + " asks for " + job.privileges().describe() + ", and this executor does not grant "
                            + missing.get() + " (EXECUTOR_PRIVILEGES grants " + granted.describe() + ")");
        }
        log.info(
                "{} runs with {} because: {}",
                UserText.escape(job.module()),
                job.privileges().describe(),
                UserText.escape(job.privilegesReason(), 300));
    }

    /**
     * A client of the local engine as configured by the environment Docker users know
     * ({@code DOCKER_HOST}, default {@code unix:///var/run/docker.sock}); the API version is
     * negotiated with the engine. Close it when done.
     */
    public static DockerClient localEngine() {
        DockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Override
    public ExecutionResult run(JobSpec job, Path resultDir) throws ExecutionException {
        requireGranted(job);
        StepTimes steps = new StepTimes("true");
        prepareResultDirectory(resultDir);
        ensureImage(job);
        JobContainer container;
        try {
            container = create(job, null, steps);
        } catch (NameTakenException e) {
            throw new AssertionError("an unnamed container cannot clash", e);
        }
        return execute(job, resultDir, container, true, false, job.timeout(), steps);
    }

    @Override
    public ExecutionResult run(String jobId, JobSpec job, Path resultDir) throws ExecutionException {
        if (jobId == null || jobId.isBlank()) throw new IllegalArgumentException("jobId must not be blank");
        requireGranted(job);
        StepTimes steps = new StepTimes(jobId);
        prepareResultDirectory(resultDir);
        swept.join(); // never throws: the sweep logs its failures
        CompletableFuture<JobContainer> prepared = preparedJobs.remove(jobId);
        if (prepared != null) {
            JobContainer container = awaitPrepared(jobId, prepared);
            steps.lap("prepared");
            if (container != null
                    && container.gate() != null
                    && container.gate().attached())
                return executeReported(
                        job,
                        resultDir,
                        container.id(),
                        container.volume(),
                        container.gate().output(),
                        container.gate()::open,
                        container.gate(),
                        job.timeout(),
                        steps);
            if (container != null && container.gate() == null)
                return execute(job, resultDir, container, true, false, job.timeout(), steps);
            if (container != null) {
                log.info("job {}: the attachment to its gate ended before it opened: running it as usual", jobId);
                container.gate().close();
                remove(container.id(), container.volume(), container.holderId());
            }
        }
        Optional<ExistingJob> existing = findJob(jobId);
        if (existing.isEmpty()) {
            ensureImage(job);
            String name = CONTAINER_NAME.matcher(jobId).matches() ? "coophive-job-" + jobId : null;
            try {
                JobContainer container = create(job, name, steps);
                return execute(job, resultDir, container, true, false, job.timeout(), steps);
            } catch (NameTakenException e) {
                // Another run of the same job created its container first: wait for that one.
                existing = findJob(jobId);
                if (existing.isEmpty()) {
                    throw new ExecutionException(
                            Reason.ENGINE_UNAVAILABLE, "container " + name + " exists but has no label " + jobId, e);
                }
            }
        }
        ExistingJob found = existing.get();
        log.info(
                "job {} is already in container {} ({}): picking it up instead of starting it again",
                jobId,
                found.containerId(),
                found.state());
        Duration left = job.timeout().minus(found.runningFor());
        if (left.isNegative() || left.isZero()) left = Duration.ofMillis(1);
        if (found.gated() && "running".equals(found.state())) {
            // Its gate reports the job's end in its output: follow that from the start.
            GateOutput output = new GateOutput();
            try {
                docker.logContainerCmd(found.containerId())
                        .withStdOut(true)
                        .withStdErr(true)
                        .withTimestamps(false)
                        .withFollowStream(true)
                        .exec(output);
                return executeReported(job, resultDir, found.containerId(), null, output, null, output, left, steps);
            } catch (RuntimeException e) {
                closeQuietly(output);
                throw engineUnavailable(e);
            }
        }
        return execute(
                job,
                resultDir,
                new JobContainer(found.containerId(), null, null),
                "created".equals(found.state()),
                true,
                left,
                steps);
    }

    /**
     * A job's container and its outputs volume and the volume's running holder, when known (null:
     * a picked-up container, whose volume is read from its mounts).
     */
    private record JobContainer(
            String id, Optional<String> volume, String holderId, boolean gated, JobGate.Opening gate) {

        JobContainer(String id, Optional<String> volume, String holderId) {
            this(id, volume, holderId, false, null);
        }
    }

    /** What {@link #prepareJob} made, or null when it made nothing (the job is then run as usual). */
    private static JobContainer awaitPrepared(String jobId, CompletableFuture<JobContainer> prepared) {
        try {
            return prepared.join();
        } catch (CompletionException e) {
            log.info("job {} could not be prepared ({}): running it as usual", jobId, String.valueOf(e.getCause()));
            return null;
        }
    }

    /**
     * Creates the job's container and its outputs (a spare if one is ready) on a thread of its own,
     * starts it behind {@link JobGate the gate} (nothing of the job runs) and keeps them for {@link
     * #run(String, JobSpec, Path)}, which opens the gate. Without a gate the container is only
     * created and {@code run} starts it. A container left for the id by an earlier run is left for
     * {@code run} to pick up (or removed when its gate was never opened).
     */
    @Override
    public void prepareJob(String jobId, JobSpec job) {
        if (jobId == null || jobId.isBlank()) throw new IllegalArgumentException("jobId must not be blank");
        Objects.requireNonNull(job, "job");
        if (closed || granted.missing(job.privileges()).isPresent()) return; // run() refuses it
        preparedJobs.computeIfAbsent(
                jobId,
                id -> CompletableFuture.supplyAsync(
                        () -> {
                            swept.join();
                            StepTimes steps = new StepTimes(id);
                            try {
                                String name = CONTAINER_NAME.matcher(id).matches() ? "coophive-job-" + id : null;
                                // A named container left by an earlier run makes the create fail: looked up then.
                                if (name == null && findJob(id).isPresent()) return null;
                                InspectImageResponse image = ensureImage(job);
                                Optional<String> gateVolume = gated ? gate.volume() : Optional.empty();
                                JobContainer container;
                                try {
                                    container = create(job, name, steps, gateVolume, image);
                                } catch (NameTakenException taken) {
                                    if (findJob(id).isPresent()) return null;
                                    // It was one never let through its gate, removed now: make the job's own.
                                    container = create(job, name, steps, gateVolume, image);
                                }
                                if (container.gated()) container = openGateLater(job, container, steps);
                                log.info("job {} prepared ({})", id, steps);
                                return container;
                            } catch (ExecutionException | NameTakenException e) {
                                throw new CompletionException(e);
                            }
                        },
                        DockerExecutor::onItsOwnThread));
    }

    /**
     * Starts a container created behind the gate and attaches to it, so that {@link #execute} only
     * opens the gate; a container created without one is returned as it is. On failure the
     * container is removed (no gated container is left that nobody can open).
     */
    private JobContainer openGateLater(JobSpec job, JobContainer container, StepTimes steps) throws ExecutionException {
        boolean ready = false;
        try {
            start(job, container.id());
            steps.lap("start");
            JobGate.Opening opening = gate.attach(container.id());
            steps.lap("attach");
            ready = true;
            return new JobContainer(container.id(), container.volume(), container.holderId(), true, opening);
        } catch (RuntimeException e) {
            throw engineUnavailable(e);
        } finally {
            if (!ready) {
                gate.recheck();
                remove(container.id(), container.volume());
            }
        }
    }

    /** Starts prepared jobs behind the gate, or not (only to measure one against the other). */
    void useGate(boolean on) {
        gated = on;
    }

    /**
     * Waits for what {@link #prepareJob} is making for {@code jobId} (for tests and benchmarks):
     * its container's id, or null when it made none.
     */
    String awaitPrepared(String jobId) {
        CompletableFuture<JobContainer> prepared = preparedJobs.get(jobId);
        if (prepared == null) return null;
        JobContainer container = prepared.handle((made, failed) -> made).join();
        return container == null ? null : container.id();
    }

    /** Removes the container {@link #prepareJob} made for {@code jobId}, once it is made. */
    @Override
    public void discardJob(String jobId) {
        discarding(jobId);
    }

    /**
     * {@link #discardJob}; the future completes once a prepare under way ended and its removal was
     * handed on. Until then it is among {@link #discardsUnderWay}, which {@link #close} waits for.
     */
    private CompletableFuture<?> discarding(String jobId) {
        CompletableFuture<JobContainer> prepared = preparedJobs.remove(jobId);
        if (prepared == null) return CompletableFuture.completedFuture(null);
        CompletableFuture<?> discarded = prepared.whenComplete((container, failed) -> {
            if (container != null) {
                log.info("job {} will not run: removing its prepared container", jobId);
                if (container.gate() != null) container.gate().close();
                removeLater(container.id(), container.volume(), container.holderId(), jobId);
            }
        });
        discardsUnderWay.add(discarded);
        discarded.whenComplete((done, failed) -> discardsUnderWay.remove(discarded));
        return discarded;
    }

    /** A job's container left by an earlier run; {@code gated}: started behind the gate. */
    private record ExistingJob(String containerId, String state, Duration runningFor, boolean gated) {}

    private Optional<ExistingJob> findJob(String jobId) throws ExecutionException {
        try {
            List<Container> containers = docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(JOB_LABEL, jobId))
                    .exec();
            if (containers.isEmpty()) return Optional.empty();
            Container container = containers.get(0);
            InspectContainerResponse.ContainerState state =
                    docker.inspectContainerCmd(container.getId()).exec().getState();
            if (neverOpened(container, String.valueOf(state.getStatus()))) {
                // Made behind the gate by a run that ended before opening it: the job never ran.
                log.info("job {}: removing its container {} never let through its gate", jobId, container.getId());
                remove(container.getId(), null);
                return Optional.empty();
            }
            Duration runningFor = Duration.ZERO;
            if (state.getStartedAt() != null && !state.getStartedAt().startsWith("0001-")) {
                runningFor = Duration.between(Instant.parse(state.getStartedAt()), Instant.now());
            }
            boolean gated = container.getLabels() != null
                    && "true".equals(container.getLabels().get(GATED_LABEL));
            return Optional.of(
                    new ExistingJob(container.getId(), String.valueOf(state.getStatus()), runningFor, gated));
        } catch (NotFoundException e) {
            return Optional.empty(); // removed between the list and the inspect
        } catch (RuntimeException e) {
            throw engineUnavailable(e);
        }
    }

    /**
     * Runs a job started behind {@link JobGate the gate} to its end as the gate reports it ({@link
     * GateOutput}): its output written to the result directory as it arrives, its end and status
     * known from the gate's marks while its container still runs, so its outputs are copied from
     * that container (whose outputs volume stays mounted) and no holder is needed. {@code open} lets
     * the job run (null: it runs already, picked up after a crash). At the deadline the container is
     * paused, what the job wrote to its outputs so far is copied, and it is killed. When the
     * container stops without the marks (the engine restarted, or a container of an earlier version
     * whose gate did not report), its exit code and its holder's outputs are read as for a job
     * without the gate.
     *
     * @param volume the outputs volume, or null when not known (read from the container)
     * @param stream the attachment or followed log carrying {@code output}, closed at the end
     */
    private ExecutionResult executeReported(
            JobSpec job,
            Path resultDir,
            String containerId,
            Optional<String> volume,
            GateOutput output,
            Runnable open,
            Closeable stream,
            Duration timeout,
            StepTimes steps)
            throws ExecutionException {
        StatsSampler stats = new StatsSampler();
        String done = null;
        String holderId = OutputsSpace.UNHELD;
        boolean kept = false;
        try (OutputStream stdout = Files.newOutputStream(resultDir.resolve("stdout"));
                OutputStream stderr = Files.newOutputStream(resultDir.resolve("stderr"))) {
            if (volume == null) volume = outputsVolume(containerId);
            LogWriter logs = new LogWriter(stdout, stderr, limits.maxLogBytes());
            output.writeTo(logs);
            if (open != null) {
                open.run();
                steps.lap("gate");
            }
            docker.statsCmd(containerId).exec(stats);
            GateOutput.End end = output.awaitEnd(timeout);
            steps.lap("run");
            Path outputs = resultDir.resolve("outputs");
            Outcome outcome;
            int code;
            long tooLarge;
            if (end.timedOut()) {
                // Frozen where it stands, so that its outputs are copied as they were at the deadline.
                try {
                    docker.pauseContainerCmd(containerId).exec();
                } catch (ConflictException e) {
                    // It stopped meanwhile; its outputs are copied as they are.
                }
                tooLarge = collectOutputs(containerId, job.outputsPath(), volume.isPresent(), outputs);
                killQuietly(containerId);
                output.awaitStreamEnd(Duration.ofSeconds(10));
                outcome = Outcome.TIMED_OUT;
                code = -1;
            } else if (end.waitStatus() != null) {
                code = end.exitCode();
                tooLarge = collectOutputs(containerId, job.outputsPath(), volume.isPresent(), outputs);
                // A job that exits 0 succeeded; whether memory ran out is asked only when the kernel
                // killed it, and the engine tells once the container stopped.
                if (code == 0) outcome = Outcome.SUCCEEDED;
                else if (end.killed() && oomKilledOnceStopped(containerId)) outcome = Outcome.OUT_OF_MEMORY;
                else outcome = Outcome.FAILED;
            } else {
                InspectContainerResponse.ContainerState state =
                        docker.inspectContainerCmd(containerId).exec().getState();
                if (Boolean.TRUE.equals(state.getRunning())) {
                    // The stream broke, not the job: left as it is, a run again picks it up.
                    kept = true;
                    throw new ExecutionException(
                            Reason.ENGINE_UNAVAILABLE,
                            "the engine ended the output of " + job.module() + " while it ran; it is picked up again");
                }
                Long exitCode = state.getExitCodeLong();
                code = exitCode == null ? -1 : exitCode.intValue();
                holderId = null;
                tooLarge = collectOutputs(containerId, volume, null, job.outputsPath(), outputs);
                if (code == 0) outcome = Outcome.SUCCEEDED;
                else outcome = oomKilled(containerId) ? Outcome.OUT_OF_MEMORY : Outcome.FAILED;
            }
            steps.lap("collect");
            output.finish();
            logs.checkWritten();
            logs.endTruncated(limits);
            String limitExceeded = "";
            if (tooLarge > 0) {
                outcome = Outcome.OUTPUTS_TOO_LARGE;
                limitExceeded = limits.outputsTooLarge(tooLarge);
            }
            Files.writeString(resultDir.resolve("exitCode"), Integer.toString(code), StandardCharsets.US_ASCII);
            Duration elapsed = steps.elapsed();
            done = String.format(
                    "module=%s image=%s outcome=%s exitCode=%d",
                    UserText.escape(job.module()), job.image(), outcome, code);
            return new ExecutionResult(
                    resultDir, outcome, code, Math.max(1, stats.cpuMillis()), elapsed, limitExceeded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(Reason.OTHER, "interrupted while running " + job.module(), e);
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY, "cannot write the result directory " + resultDir + ": " + e, e);
        } catch (DockerException | DockerClientException e) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE, "the Docker engine failed running " + job.module() + ": " + e, e);
        } finally {
            closeQuietly(stats);
            output.finish();
            closeQuietly(stream);
            if (done != null)
                log.info(
                        "job {} {} ms={} ({})",
                        steps.jobLabel,
                        done,
                        steps.elapsed().toMillis(),
                        steps);
            if (!kept) removeLater(containerId, volume, holderId, steps.jobLabel);
        }
    }

    /** Stops the container and says whether memory ran out in it (the engine tells once it stopped). */
    private boolean oomKilledOnceStopped(String containerId) {
        killQuietly(containerId);
        waitFor(containerId, Duration.ofSeconds(30));
        return oomKilled(containerId);
    }

    private void killQuietly(String containerId) {
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (ConflictException | NotFoundException e) {
            // Stopped already.
        }
    }

    private ExecutionResult execute(
            JobSpec job,
            Path resultDir,
            JobContainer container,
            boolean startIt,
            boolean pickedUp,
            Duration timeout,
            StepTimes steps)
            throws ExecutionException {
        String containerId = container.id();
        StatsSampler stats = new StatsSampler();
        String done = null;
        Optional<String> volume = container.volume();
        try {
            if (volume == null) volume = outputsVolume(containerId);
            if (container.gate() != null) {
                container.gate().open();
                steps.lap("gate");
            } else if (startIt) {
                // A fresh job's holder was just started; a picked-up one's may have stopped with the engine.
                if (pickedUp) volume.ifPresent(name -> outputsSpace.ensureHeld(name, steps.jobLabel));
                start(job, containerId);
                steps.lap("start");
            }
            docker.statsCmd(containerId).exec(stats);
            Integer exitCode = waitFor(containerId, timeout);
            steps.lap("run");
            Outcome outcome;
            int code;
            if (exitCode == null) {
                outcome = Outcome.TIMED_OUT;
                code = -1;
            } else {
                code = exitCode;
                // A job that exits 0 succeeded (even if one of its children was killed for memory):
                // the engine is asked whether memory ran out only when it failed.
                if (code != 0 && oomKilled(containerId)) outcome = Outcome.OUT_OF_MEMORY;
                else outcome = code == 0 ? Outcome.SUCCEEDED : Outcome.FAILED;
            }
            // The logs and the outputs are two reads of the engine: both at once.
            long collecting = System.nanoTime();
            CompletableFuture<Long> logs = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            collectLogs(containerId, resultDir);
                            return System.nanoTime();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    DockerExecutor::onItsOwnThread);
            String limitExceeded = "";
            long tooLarge;
            long archived;
            try {
                tooLarge = collectOutputs(
                        containerId, volume, container.holderId(), job.outputsPath(), resultDir.resolve("outputs"));
                archived = System.nanoTime();
            } finally {
                awaitLogs(logs);
            }
            steps.note("logs", logs.join() - collecting);
            steps.note("archive", archived - collecting);
            if (tooLarge > 0) {
                outcome = Outcome.OUTPUTS_TOO_LARGE;
                limitExceeded = limits.outputsTooLarge(tooLarge);
            }
            Files.writeString(resultDir.resolve("exitCode"), Integer.toString(code), StandardCharsets.US_ASCII);
            steps.lap("collect");
            Duration elapsed = steps.elapsed();
            done = String.format(
                    "module=%s image=%s outcome=%s exitCode=%d",
                    UserText.escape(job.module()), job.image(), outcome, code);
            return new ExecutionResult(
                    resultDir, outcome, code, Math.max(1, stats.cpuMillis()), elapsed, limitExceeded);
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY, "cannot write the result directory " + resultDir + ": " + e, e);
        } catch (DockerException | DockerClientException e) {
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE, "the Docker engine failed running " + job.module() + ": " + e, e);
        } finally {
            closeQuietly(stats);
            if (container.gate() != null) container.gate().close();
            if (done != null)
                log.info(
                        "job {} {} ms={} ({})",
                        steps.jobLabel,
                        done,
                        steps.elapsed().toMillis(),
                        steps);
            removeLater(containerId, volume, container.holderId(), steps.jobLabel);
        }
    }

    /**
     * How long each step of one run took, in milliseconds, for the line that ends the run: where a
     * job's time goes (outputs volume, create, the wait for the holder started meanwhile, start,
     * run, collect, remove).
     */
    private static final class StepTimes {
        private final String jobLabel;
        private final long started = System.nanoTime();
        private final StringBuilder text = new StringBuilder();
        private long last = started;

        StepTimes(String jobLabel) {
            this.jobLabel = jobLabel;
        }

        void lap(String step) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000);
            last = now;
        }

        /** A step that ran alongside others (part of the next lap), with its own duration. */
        void note(String step, long nanos) {
            text.append(text.isEmpty() ? "" : ", ").append(step).append(' ').append(nanos / 1_000_000);
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - started);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static void prepareResultDirectory(Path resultDir) throws ExecutionException {
        try {
            Files.createDirectories(resultDir);
            try (Stream<Path> entries = Files.list(resultDir)) {
                if (entries.findAny().isPresent()) {
                    throw new ExecutionException(
                            Reason.RESULT_DIRECTORY, "the result directory is not empty: " + resultDir);
                }
            }
        } catch (IOException e) {
            throw new ExecutionException(
                    Reason.RESULT_DIRECTORY, "cannot create the result directory " + resultDir + ": " + e, e);
        }
    }

    /** The job's image as the engine has it, pulled first when missing and the policy allows. */
    private InspectImageResponse ensureImage(JobSpec job) throws ExecutionException {
        try {
            return docker.inspectImageCmd(job.image()).exec();
        } catch (NotFoundException e) {
            if (imagePolicy == ImagePolicy.NEVER) {
                throw new ExecutionException(
                        Reason.IMAGE_NOT_FOUND,
                        "image " + job.image() + " of module " + job.module()
                                + " is not present locally and the image policy forbids pulling it",
                        e);
            }
        } catch (RuntimeException e) {
            throw engineUnavailable(e);
        }
        try {
            // IF_NOT_PRESENT only (a provider's choice): tests, CI and the stack use NEVER.
            docker.pullImageCmd(job.image()).start().awaitCompletion(); // never reached under NEVER
            return docker.inspectImageCmd(job.image()).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(Reason.OTHER, "interrupted while pulling " + job.image(), e);
        } catch (NotFoundException e) {
            throw new ExecutionException(
                    Reason.IMAGE_NOT_FOUND,
                    "image " + job.image() + " of module " + job.module() + " was not found",
                    e);
        } catch (RuntimeException e) {
            throw new ExecutionException(Reason.ENGINE_UNAVAILABLE, "cannot pull " + job.image() + ": " + e, e);
        }
    }

    /** The engine refused the container name: a container for the job exists already. */
    private static final class NameTakenException extends Exception {
        NameTakenException(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Creates the job's container, labelled {@code steps.jobLabel}, and its outputs volume; the
     * volume's holder starts while the container is created and runs when this returns.
     */
    private JobContainer create(JobSpec job, String name, StepTimes steps)
            throws ExecutionException, NameTakenException {
        return create(job, name, steps, Optional.empty(), null);
    }

    /**
     * Creates the job's container as {@link #create(JobSpec, String, StepTimes)} does, behind the
     * gate when {@code gateVolume} holds it and the job has a command (its own or its image's).
     *
     * @param image the job's image as inspected ({@link #ensureImage}); only read behind the gate
     */
    private JobContainer create(
            JobSpec job, String name, StepTimes steps, Optional<String> gateVolume, InspectImageResponse image)
            throws ExecutionException, NameTakenException {
        String jobLabel = steps.jobLabel;
        String outputs = job.outputsPath().replaceAll("/+$", "");
        Optional<String> spare = outputs.isEmpty() ? Optional.empty() : takeSpare();
        String volume = spare.orElse(OUTPUTS_VOLUME_PREFIX + java.util.UUID.randomUUID());
        HostConfig host = HostConfig.newHostConfig()
                .withNanoCPUs(job.cpuMillis() * 1_000_000L)
                .withMemory(job.memoryMb() * 1024L * 1024L)
                .withMemorySwap(job.memoryMb() * 1024L * 1024L)
                .withPidsLimit(PIDS_LIMIT)
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withReadonlyRootfs(!job.privileges().writableRoot())
                .withTmpFs(Map.of(SCRATCH_PATH, "rw,nosuid,nodev,size=" + SCRATCH_MB + "m,mode=1777"));
        List<String> gated = gateVolume.isPresent() ? gatedEntrypoint(job, image) : List.of();
        List<Bind> binds = new ArrayList<>();
        if (!outputs.isEmpty()) binds.add(new Bind(volume, new Volume(outputs)));
        if (!gated.isEmpty()) binds.add(JobGate.bind(gateVolume.get()));
        if (!binds.isEmpty()) host.withBinds(binds);
        if (!job.network()) host.withNetworkMode("none");
        if (!job.privileges().capabilities().isEmpty()) {
            host.withCapAdd(job.privileges().capabilities().stream()
                    .map(Capability::valueOf)
                    .toArray(Capability[]::new));
        }
        if (job.gpus() > 0) {
            host.withDeviceRequests(
                    List.of(new DeviceRequest().withCount(job.gpus()).withCapabilities(List.of(List.of("gpu")))));
        }
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : job.env().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        // The unprivileged user has no home of its own; programs that write one find the scratch.
        if (!job.env().containsKey("HOME")) env.add("HOME=" + SCRATCH_PATH);
        // A container behind the gate keeps its outputs volume mounted itself; any other gets a holder.
        CompletableFuture<String> held = CompletableFuture.completedFuture(OutputsSpace.UNHELD);
        if (!outputs.isEmpty() && spare.isEmpty()) {
            try {
                outputsSpace.createVolume(volume, limits, jobLabel);
            } catch (RuntimeException e) {
                throw new ExecutionException(
                        Reason.OTHER, "cannot make " + job.outputsPath() + " for the job container: " + e, e);
            }
        }
        if (!outputs.isEmpty() && gated.isEmpty()) {
            held = CompletableFuture.supplyAsync(
                    () -> outputsSpace.hold(volume, jobLabel), DockerExecutor::onItsOwnThread);
        }
        steps.lap("outputs");
        boolean created = false;
        String containerId = null;
        try {
            Map<String, String> labels =
                    new java.util.HashMap<>(Map.of(JOB_LABEL, jobLabel, MODULE_LABEL, job.module()));
            String ownedBy = owner;
            if (ownedBy != null) labels.put(OWNER_LABEL, ownedBy);
            if (!gated.isEmpty()) labels.put(GATED_LABEL, "true");
            var create = docker.createContainerCmd(job.image())
                    .withLabels(labels)
                    .withUser(job.privileges().root() ? ROOT_USER : JOB_USER)
                    .withEnv(env)
                    .withNetworkDisabled(!job.network())
                    .withHostConfig(host);
            if (!gated.isEmpty()) {
                // Standard input only carries the byte that opens the gate; the gate then makes it /dev/null.
                create.withEntrypoint(gated).withStdinOpen(true).withStdInOnce(true);
            } else if (!job.command().isEmpty()) create.withEntrypoint(job.command());
            if (name != null) create.withName(name);
            CreateContainerResponse response;
            try {
                response = create.exec();
            } catch (ConflictException e) {
                if (name == null) throw e;
                throw new NameTakenException(e);
            }
            containerId = response.getId();
            steps.lap("create");
            String holderId = awaitHolder(held, job);
            steps.lap("holder");
            created = true;
            return new JobContainer(
                    containerId,
                    outputs.isEmpty() ? Optional.empty() : Optional.of(volume),
                    holderId,
                    !gated.isEmpty(),
                    null);
        } catch (NotFoundException e) {
            // The image vanished between the check and the create.
            throw new ExecutionException(Reason.IMAGE_NOT_FOUND, "image " + job.image() + " is not present", e);
        } catch (RuntimeException e) {
            throw engineUnavailable(e);
        } finally {
            if (!created) {
                // The holder's start ends (either way) before anything is removed: nothing is left behind.
                held.handle((ok, failed) -> null).join();
                if (containerId != null) removeQuietly(containerId);
                if (!outputs.isEmpty()) outputsSpace.close(volume);
            }
        }
    }

    /**
     * The entrypoint that runs the job's command behind the gate, or empty when the job has no
     * command of its own nor from its image (created without a gate, the engine refuses it as
     * before).
     */
    private static List<String> gatedEntrypoint(JobSpec job, InspectImageResponse image) {
        List<String> argv = JobGate.argv(job.command(), image);
        if (argv.isEmpty()) return List.of();
        return JobGate.entrypoint(argv, JobGate.pathVariable(job.env(), image));
    }

    /** Waits for the logs read alongside the outputs; rethrows what it failed with. */
    private static void awaitLogs(CompletableFuture<?> logs) throws IOException {
        try {
            logs.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) throw io.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }

    private static void onItsOwnThread(Runnable task) {
        Thread thread = new Thread(task, "docker-job-io");
        thread.setDaemon(true);
        thread.start();
    }

    private static String awaitHolder(CompletableFuture<String> held, JobSpec job) throws ExecutionException {
        try {
            return held.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ExecutionException(
                    Reason.OTHER, "cannot make " + job.outputsPath() + " for the job container: " + cause, cause);
        }
    }

    private void removeQuietly(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        } catch (RuntimeException e) {
            log.warn("could not remove job container {}: {}", containerId, e.toString());
        }
    }

    private void start(JobSpec job, String containerId) throws ExecutionException {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (DockerException e) {
            if (job.gpus() > 0 && String.valueOf(e.getMessage()).contains(GPU_DRIVER_ERROR)) {
                throw new ExecutionException(
                        Reason.GPU_UNAVAILABLE,
                        "module " + job.module() + " needs " + job.gpus()
                                + " GPU(s) but the Docker engine has no GPU runtime (" + GPU_DRIVER_ERROR
                                + "); install the NVIDIA container toolkit",
                        e);
            }
            throw new ExecutionException(
                    Reason.ENGINE_UNAVAILABLE,
                    "the engine refused to start " + job.module() + ": " + e.getMessage(),
                    e);
        }
    }

    private boolean oomKilled(String containerId) {
        return Boolean.TRUE.equals(
                docker.inspectContainerCmd(containerId).exec().getState().getOOMKilled());
    }

    /** The exit code, or null when the job ran past {@code timeout} and was killed. */
    private Integer waitFor(String containerId, Duration timeout) {
        try (WaitContainerResultCallback wait =
                docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())) {
            try {
                return wait.awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException e) {
                if (!String.valueOf(e.getMessage()).contains("timeout")) throw e;
            }
        } catch (IOException e) {
            // Closing the wait stream failed; the container's state is read next anyway.
            log.debug("closing the wait of {} failed", containerId, e);
        }
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (ConflictException | NotFoundException e) {
            // It exited on its own just at the deadline; it still ran out of time.
        }
        return null;
    }

    private void collectLogs(String containerId, Path resultDir) throws IOException {
        try (OutputStream stdout = Files.newOutputStream(resultDir.resolve("stdout"));
                OutputStream stderr = Files.newOutputStream(resultDir.resolve("stderr"))) {
            LogWriter logs = new LogWriter(stdout, stderr, limits.maxLogBytes());
            docker.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTimestamps(false)
                    .withFollowStream(false)
                    .exec(logs)
                    .awaitCompletion();
            logs.checkWritten();
            logs.endTruncated(limits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the logs of " + containerId, e);
        }
    }

    /**
     * Copies the outputs out, at most {@link ResultLimits#maxOutputBytes()}, from the holder of
     * the job's outputs volume (or the job container when there is none). Returns 0, or how many
     * bytes the outputs held at least when they went over the limit or filled their space (the
     * job's writes past it failed); then {@code outputs} is left empty (a partial copy would be a
     * result nobody asked for) and the rest is never read.
     */
    private long collectOutputs(
            String containerId, Optional<String> volume, String holderId, String outputsPath, Path outputs)
            throws IOException {
        Optional<String> holder =
                holderId != null ? Optional.of(holderId) : volume.flatMap(outputsSpace::runningHolder);
        String from = holder.orElse(containerId);
        String path = holder.isPresent() ? OutputsSpace.HOLDER_MOUNT : outputsPath;
        return collectOutputs(from, path, volume.isPresent(), outputs);
    }

    /**
     * Copies the outputs out of the folder {@code path} of the container {@code from} as {@link
     * #collectOutputs(String, Optional, String, String, Path)} does; {@code bounded}: the folder is
     * an outputs volume of the outputs limit, so a full one is over the limit too.
     */
    private long collectOutputs(String from, String path, boolean bounded, Path outputs) throws IOException {
        Files.createDirectories(outputs);
        if (bounded && emptyTmpfsDirectory(from, path)) return 0;
        try (InputStream tar = docker.copyArchiveFromContainerCmd(from, path).exec()) {
            SafeUntar.extractStrippingFirstComponent(tar, outputs, limits.maxOutputBytes());
        } catch (SafeUntar.TooLargeException e) {
            emptyDirectory(outputs);
            return e.atLeast();
        } catch (NotFoundException e) {
            // The job removed its outputs directory: an empty outputs/ says so.
            return 0;
        }
        if (!bounded) return 0;
        long pages = pageBytes(outputs);
        if (pages < OutputsSpace.spaceBytes(limits)) return 0;
        emptyDirectory(outputs);
        return pages;
    }

    /**
     * Whether the folder {@code path} of the container {@code from}, a tmpfs outputs volume, is
     * empty or gone, as the engine's stat of it says (no archive made: the engine starts a helper
     * process for each archive it makes, tens of milliseconds even for an empty folder). tmpfs gives
     * a folder a size of 20 per entry, its own two included: 40 is empty. False whenever the engine
     * cannot say, so the outputs are then copied as usual.
     */
    private boolean emptyTmpfsDirectory(String from, String path) {
        if (!(docker instanceof DockerClientImpl client)) return false;
        DockerHttpClient.Request stat = DockerHttpClient.Request.builder()
                .method("HEAD")
                .path("/containers/" + from + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .build();
        try (DockerHttpClient.Response response = client.getHttpClient().execute(stat)) {
            if (response.getStatusCode() == 404) return true; // the job removed its outputs folder
            String header = response.getHeader("X-Docker-Container-Path-Stat");
            if (response.getStatusCode() != 200 || header == null) return false;
            String json = new String(Base64.getDecoder().decode(header.trim()), StandardCharsets.UTF_8);
            Matcher size = STAT_SIZE.matcher(json);
            Matcher mode = STAT_MODE.matcher(json);
            return size.find()
                    && mode.find()
                    && Long.parseLong(size.group(1)) == 40
                    && (Long.parseLong(mode.group(1)) & GO_MODE_DIR) != 0;
        } catch (RuntimeException e) {
            log.debug("cannot stat {} in {}: {}", path, from, e.toString());
            return false;
        }
    }

    /** What the files below {@code dir} take on tmpfs, in whole pages. */
    private static long pageBytes(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                total += (Files.size(path) + OutputsSpace.PAGE - 1) / OutputsSpace.PAGE * OutputsSpace.PAGE;
            }
        }
        return total;
    }

    /** The outputs volume the container mounts, if any. */
    private Optional<String> outputsVolume(String containerId) {
        var mounts = docker.inspectContainerCmd(containerId).exec().getMounts();
        if (mounts == null) return Optional.empty();
        return mounts.stream()
                .map(InspectContainerResponse.Mount::getName)
                .filter(n -> n != null && n.startsWith(OUTPUTS_VOLUME_PREFIX))
                .findFirst();
    }

    private static void emptyDirectory(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) Files.delete(path);
            }
        }
    }

    /**
     * Makes a spare for the next job if one was taken, then removes the job's container, the
     * holder of its outputs volume and that volume, in the background after its results were
     * collected (or synchronously once {@link #close}d). A crash before this ran leaves them labelled with the job:
     * {@link #prepare} removes them at the next start once the job is finished.
     *
     * @param volume the outputs volume, or null when it could not be read (read again here)
     * @param holderId the volume's holder, or null when not known (looked up by the volume's name)
     */
    private void removeLater(String containerId, Optional<String> volume, String holderId, String jobLabel) {
        Runnable removal = () -> {
            topUpSpares(); // first: the next job may come before the removal is done
            long started = System.nanoTime();
            remove(containerId, volume, holderId);
            log.info("job {} removed in {} ms", jobLabel, (System.nanoTime() - started) / 1_000_000);
        };
        try {
            if (!closed) {
                housekeeping.execute(removal);
                return;
            }
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
        remove(containerId, volume, holderId);
    }

    /** Removes the container, then the holder of the outputs volume it mounts, then that volume. */
    private void remove(String containerId, Optional<String> knownVolume) {
        remove(containerId, knownVolume, null);
    }

    /**
     * As {@link #remove(String, Optional)}, the holder by its id when known ({@code holderId} not
     * null): one engine call fewer than looking it up by the volume's label.
     */
    private void remove(String containerId, Optional<String> knownVolume, String holderId) {
        Optional<String> volume = knownVolume == null ? Optional.empty() : knownVolume;
        try {
            if (knownVolume == null) volume = outputsVolume(containerId);
            docker.removeContainerCmd(containerId)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException e) {
            // Already gone.
        } catch (RuntimeException e) {
            log.warn("could not remove job container {}: {}", containerId, e.toString());
        }
        volume.ifPresent(name -> outputsSpace.close(name, holderId)); // logs its own failures and throws none
    }

    /**
     * Ready for {@code slots} jobs at once: as many spare outputs volumes with their holders
     * running, labelled with {@code owner}. First removes what an earlier process of {@code owner}
     * left: the containers (and outputs) of jobs {@code finished} says are done, and its spares no
     * job uses.
     */
    @Override
    public void prepare(String owner, int slots, Predicate<String> finished) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(finished, "finished");
        if (slots < 0) throw new IllegalArgumentException("slots must not be negative");
        this.owner = owner;
        this.spareCount = slots;
        swept = CompletableFuture.runAsync(
                () -> {
                    try {
                        removeFinishedJobs(finished);
                        removeNeverStartedJobs(owner);
                        outputsSpace.sweepSpares(owner);
                    } catch (RuntimeException e) {
                        log.warn("could not remove what an earlier run left on the Docker engine: {}", e.toString());
                    }
                    topUpSpares();
                },
                housekeeping);
    }

    /**
     * Removes the owner's job containers that were made and never started (prepared for a deal, or
     * a crash between create and start): the job never ran, so nothing is lost; a later run of it
     * makes a new one.
     */
    private void removeNeverStartedJobs(String owner) {
        List<Container> created = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(OWNER_LABEL, owner))
                .withStatusFilter(List.of("created"))
                .exec();
        for (Container container : created) {
            log.info("removing the never started job container {} left by an earlier run", container.getId());
            remove(container.getId(), null);
        }
        List<Container> gated = docker.listContainersCmd()
                .withLabelFilter(Map.of(OWNER_LABEL, owner, GATED_LABEL, "true"))
                .withStatusFilter(List.of("running"))
                .exec();
        for (Container container : gated) {
            if (!neverOpened(container, "running")) continue;
            log.info("removing the job container {} left at its gate by an earlier run", container.getId());
            remove(container.getId(), null);
        }
    }

    /**
     * Whether {@code container} in {@code state} was made behind the gate and its job never ran:
     * created, or running with the gate still its process (the run that could open it is gone).
     */
    private boolean neverOpened(Container container, String state) {
        if (container.getLabels() == null
                || !"true".equals(container.getLabels().get(GATED_LABEL))) return false;
        if ("created".equals(state)) return true;
        try {
            return "running".equals(state) && gate.isClosed(container.getId());
        } catch (NotFoundException | ConflictException e) {
            return false; // it ended meanwhile: its job ran
        }
    }

    /** Removes the containers and outputs of finished jobs, left by a crash before their removal. */
    private void removeFinishedJobs(Predicate<String> finished) {
        List<Container> containers = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(JOB_LABEL))
                .exec();
        for (Container container : containers) {
            String job =
                    container.getLabels() == null ? null : container.getLabels().get(JOB_LABEL);
            if (job == null || "true".equals(job) || !finished.test(job)) continue;
            log.info("removing the container of finished job {} left by an earlier run", job);
            remove(container.getId(), null);
        }
    }

    /** Makes spares until there are as many as slots; on the housekeeping thread only. */
    private void topUpSpares() {
        String name = owner;
        while (name != null && !closed && spares.size() < spareCount) {
            try {
                spares.add(outputsSpace.openSpare(name, limits));
            } catch (RuntimeException e) {
                log.warn("could not make a spare outputs volume: {}", e.toString());
                return;
            }
        }
    }

    /** A spare outputs volume that still exists (one may have been pruned since it was made). */
    private Optional<String> takeSpare() {
        String spare;
        while ((spare = spares.poll()) != null) {
            try {
                if (outputsSpace.exists(spare)) return Optional.of(spare);
            } catch (RuntimeException e) {
                log.debug("cannot check the spare outputs volume {}: {}", spare, e.toString());
                String stale = spare;
                removeLater(() -> outputsSpace.close(stale));
            }
        }
        return Optional.empty();
    }

    private void removeLater(Runnable removal) {
        try {
            if (!closed) {
                housekeeping.execute(removal);
                return;
            }
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
        removal.run();
    }

    /**
     * Removes the spares and what {@link #prepareJob} made for jobs never run, and waits up to a
     * minute for the removals under way. Jobs still running are left alone (their containers are
     * picked up after a restart).
     */
    @Override
    public void close() {
        if (closed) return;
        // Jobs made ready and never run: a container behind the gate would wait for ever.
        List<CompletableFuture<?>> discards = new ArrayList<>();
        for (String jobId : List.copyOf(preparedJobs.keySet())) {
            discards.add(discarding(jobId).handle((removed, failed) -> null));
        }
        // And those discarded earlier whose container is still being made (a deal ended just before).
        for (CompletableFuture<?> discard : List.copyOf(discardsUnderWay)) {
            discards.add(discard.handle((removed, failed) -> null));
        }
        // One still being made is removed once made: wait for it while the engine's client is open.
        try {
            CompletableFuture.allOf(discards.toArray(CompletableFuture[]::new))
                    .orTimeout(60, TimeUnit.SECONDS)
                    .join();
        } catch (CompletionException e) {
            log.warn("a job being prepared did not end within a minute: its container is removed at the next start");
        }
        closed = true;
        try {
            housekeeping.execute(() -> {
                String spare;
                while ((spare = spares.poll()) != null) outputsSpace.close(spare);
            });
        } catch (RejectedExecutionException e) {
            // Closed already.
        }
        housekeeping.shutdown();
        try {
            if (!housekeeping.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("the Docker executor's removals did not end within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutionException engineUnavailable(RuntimeException e) {
        return new ExecutionException(Reason.ENGINE_UNAVAILABLE, "the Docker engine cannot be reached: " + e, e);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Only a stats stream: nothing of the result depends on closing it cleanly.
            log.debug("closing {} failed", closeable, e);
        }
    }

    /** Keeps the CPU time of the latest stats sample. */
    private static final class StatsSampler extends ResultCallback.Adapter<Statistics> {
        private final AtomicLong cpuNanos = new AtomicLong();

        @Override
        public void onNext(Statistics stats) {
            if (stats.getCpuStats() == null || stats.getCpuStats().getCpuUsage() == null) return;
            Long total = stats.getCpuStats().getCpuUsage().getTotalUsage();
            if (total != null) cpuNanos.accumulateAndGet(total, Math::max);
        }

        long cpuMillis() {
            return cpuNanos.get() / 1_000_000L;
        }
    }
}
