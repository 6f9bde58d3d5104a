package org.coophive.jobcreator.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.common.config.TokenAmounts;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.jobcreator.deals.InvalidJobException;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobJson;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.Outcome;
import org.coophive.jobcreator.deals.PassReport;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.deals.PhaseEvent;
import org.coophive.jobcreator.deals.Step;

/**
 * One {@code run}: submits the job to the engine, drives passes until the job ends, prints one
 * progress line per phase (on {@code err}, so that {@code out} carries only the job's output or
 * the JSON summary) and a summary, and says which exit code applies.
 */
final class RunSession {

    private final JobCreatorEngine engine;
    private final Duration passInterval;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final boolean json;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch printed = new CountDownLatch(1);
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    /** What the pass that ended the session on an outage could not reach, in its words. */
    private final AtomicReference<String> outage = new AtomicReference<>();

    private volatile PassLoop loop;
    private final Duration outageGrace;

    /** Why the session stopped waiting before the job ended. */
    private enum Ending {
        FINISHED,
        CANCELLED,
        CHAIN_DOWN,
        SOLVER_DOWN
    }

    RunSession(
            JobCreatorEngine engine,
            Duration passInterval,
            PrintStream out,
            PrintStream err,
            Clock clock,
            boolean json) {
        this(engine, passInterval, out, err, clock, json, Duration.ZERO);
    }

    /**
     * As above; a solver or chain that cannot be reached ends the run only once every pass for
     * {@code outageGrace} has failed to reach it, so a service restarting (a solver killed and
     * started again) does not abandon a deal already agreed.
     */
    RunSession(
            JobCreatorEngine engine,
            Duration passInterval,
            PrintStream out,
            PrintStream err,
            Clock clock,
            boolean json,
            Duration outageGrace) {
        this.outageGrace = outageGrace;
        this.engine = engine;
        this.passInterval = passInterval;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.json = json;
    }

    /** Asks for a pass now (a solver or chain event). */
    void trigger() {
        PassLoop current = loop;
        if (current != null) current.trigger();
    }

    /**
     * Ctrl-C: stop waiting, tell the user what is left where, and return once that is printed
     * (at most a few seconds).
     */
    void cancel() {
        end(Ending.CANCELLED);
        try {
            printed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the job; returns the exit code. */
    int run(JobRequest request, Duration timeout) {
        try {
            return runJob(request, timeout);
        } finally {
            printed.countDown();
        }
    }

    private int runJob(JobRequest request, Duration timeout) {
        Instant start = clock.instant();
        Job submitted;
        try {
            submitted = engine.submit(request);
        } catch (InvalidJobException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String id = submitted.id();
        AtomicReference<Job> latest = new AtomicReference<>(submitted);
        AtomicReference<Instant> downSince = new AtomicReference<>();
        progress(start, submitted.phases().get(0));
        try (AutoCloseable subscription = engine.subscribe((job, event) -> {
                    if (!job.id().equals(id)) return;
                    latest.set(job);
                    progress(start, event);
                    // With WEB3_CONFIRMATIONS, a finished job is final only once its settlement is that deep.
                    if ((event.phase() == Phase.FINISHED && job.isFinal()) || event.phase() == Phase.FINAL) {
                        end(Ending.FINISHED);
                    }
                });
                PassLoop engineLoop = new PassLoop("jobcreator-engine", passInterval, () -> {
                    PassReport report = engine.pass();
                    if (report.chainDown().isEmpty() && report.solverDown().isEmpty()) {
                        downSince.set(null);
                        return;
                    }
                    Instant now = clock.instant();
                    downSince.compareAndSet(null, now);
                    if (Duration.between(downSince.get(), now).compareTo(outageGrace) < 0) return;
                    // The reason as this pass saw it: a later pass may reach the service again.
                    if (report.chainDown().isPresent()) {
                        outage.compareAndSet(null, report.chainDown().get().getMessage());
                        end(Ending.CHAIN_DOWN);
                    } else {
                        outage.compareAndSet(null, report.solverDown().get().getMessage());
                        end(Ending.SOLVER_DOWN);
                    }
                })) {
            loop = engineLoop;
            engineLoop.start();
            boolean inTime = ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            loop = null;
            engineLoop.close();
            Job job = engine.find(id).orElse(latest.get());
            if (!inTime && job.active()) return stopped(job, ExitCodes.TIMED_OUT, "timed out after " + human(timeout));
            Ending why = ending.get();
            if (job.active() || why != Ending.FINISHED) {
                return switch (why) {
                    case CANCELLED -> stopped(job, ExitCodes.INTERRUPTED, "cancelled");
                    case CHAIN_DOWN -> stopped(
                            job, ExitCodes.CHAIN_UNREACHABLE, "the chain is unreachable: " + outage.get());
                    case SOLVER_DOWN -> stopped(
                            job, ExitCodes.SOLVER_UNREACHABLE, "the solver is unreachable: " + outage.get());
                    default -> finished(job, start);
                };
            }
            return finished(job, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private void end(Ending why) {
        ending.compareAndSet(null, why);
        ended.countDown();
    }

    // ------------------------------------------------------------------ output

    private synchronized void progress(Instant start, PhaseEvent event) {
        if (event.phase() == Phase.FINISHED) return;
        double seconds = Duration.between(start, event.at()).toMillis() / 1000.0;
        err.printf("%7.1fs  %-17s %s%n", seconds, event.phase().label(), event.message());
        err.flush();
    }

    /** The job ended: print its output and summary. */
    private int finished(Job job, Instant start) {
        Outcome outcome = job.outcome();
        int code = ExitCodes.of(outcome);
        if (json) {
            printJson(job, code, start, job.message());
            return code;
        }
        String stdout = readResult(job, "stdout");
        if (!stdout.isEmpty()) {
            out.print(stdout);
            if (!stdout.endsWith("\n")) out.println();
            out.flush();
        }
        err.println();
        err.println(headline(outcome) + (job.message().isEmpty() ? "" : ": " + job.message()));
        summary(job);
        err.flush();
        return code;
    }

    /** The session stopped before the job ended: say what is left where. */
    private int stopped(Job job, int code, String why) {
        String left = leftBehind(job);
        if (json) {
            printJson(job, code, job.createdAt(), why + ". " + left);
        } else {
            err.println();
            err.println("Stopped: " + why + ".");
            err.println(left);
            summary(job);
            err.flush();
        }
        return code;
    }

    private static String leftBehind(Job job) {
        boolean agreeSent =
                job.reached(Phase.AGREED) || job.transaction(Step.AGREE).isPresent();
        if (!job.dealId().isEmpty() && agreeSent) {
            return "Deal " + job.dealId() + " is agreed on chain with this key: it is left to a jobcreator daemon"
                    + " running with the same key (it finishes it: accepts the results or claims a timeout),"
                    + " or to the deal's timeouts: the payment collateral can be reclaimed once the provider's"
                    + " submit-results timeout of "
                    + job.deal().timeouts().submitResults().timeout() + " s passes.";
        }
        if (!job.dealId().isEmpty()) {
            return "Deal " + job.dealId() + " was not agreed by this job creator: nothing is locked; it lapses after"
                    + " its agree timeout.";
        }
        if (!job.offerPosted()) return "The offer was never posted: nothing is locked.";
        return "No deal was agreed: nothing is locked. The offer " + job.offerId()
                + " stays at the solver until it expires.";
    }

    private void summary(Job job) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("job", job.id());
        if (!job.offerId().isEmpty()) rows.put("offer", job.offerId());
        if (!job.dealId().isEmpty()) {
            rows.put("deal", job.dealId());
            rows.put("provider", job.deal().members().resourceProvider());
        }
        if (job.result() != null && !job.result().directory().isEmpty()) {
            Path dir = Path.of(job.result().directory());
            rows.put("results", dir.toString());
            rows.put("see", "cat " + dir.resolve("stdout") + "; ls " + dir.resolve("outputs"));
            rows.put("data id", job.result().dataId());
            rows.put("exit code", String.valueOf(job.result().exitCode()));
        }
        job.dealTransactions().forEach((step, hash) -> rows.put("tx " + step, hash));
        if (job.cost() != null) {
            rows.put("cost", TokenAmounts.format(job.cost()) + " tokens");
        }
        if (job.outcome() != null && !job.isFinal()) {
            rows.put(
                    "final",
                    "not yet: settled as of block " + job.unconfirmedSince()
                            + ", final after WEB3_CONFIRMATIONS more blocks (a reorganisation may still undo it)");
        }
        rows.forEach((name, value) -> err.printf("  %-20s %s%n", name, value));
    }

    private void printJson(Job job, int code, Instant start, String message) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job_id", job.id());
        summary.put(
                "outcome", job.outcome() == null ? "UNFINISHED" : job.outcome().name());
        summary.put("exit_code", code);
        summary.put("message", message);
        summary.put("module", job.module());
        summary.put("inputs", job.inputs());
        summary.put("job_offer_id", job.offerId());
        summary.put("deal_id", job.dealId());
        summary.put(
                "resource_provider",
                job.deal() == null ? "" : job.deal().members().resourceProvider());
        summary.put("result_dir", job.result() == null ? "" : job.result().directory());
        summary.put("data_id", job.result() == null ? "" : job.result().dataId());
        summary.put("job_exit_code", job.result() == null ? null : job.result().exitCode());
        summary.put("stdout", readResult(job, "stdout"));
        summary.put("transactions", job.dealTransactions());
        summary.put("cost_wei", job.cost() == null ? "" : job.cost().toString());
        summary.put("cost_tokens", job.cost() == null ? "" : TokenAmounts.format(job.cost()));
        summary.put("final", job.isFinal());
        summary.put(
                "phases",
                job.phases().stream()
                        .map(event -> Map.of(
                                "phase", event.phase().name(),
                                "at", event.at().toString(),
                                "elapsed_ms",
                                        Duration.between(start, event.at()).toMillis(),
                                "message", event.message()))
                        .toList());
        out.println(JobJson.mapper().writeValueAsString(summary));
        out.flush();
    }

    private static String readResult(Job job, String file) {
        if (job.result() == null || job.result().directory().isEmpty()) return "";
        try {
            return Files.readString(Path.of(job.result().directory()).resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    private static String headline(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> "Job succeeded";
            case JOB_FAILED -> "Job failed";
            case RESULTS_REJECTED -> "Results rejected";
            case NO_MATCH -> "No match";
            case TIMED_OUT -> "Timed out";
            case TERMS_REFUSED -> "Deal refused";
            case ERROR -> "Error";
        };
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }
}
