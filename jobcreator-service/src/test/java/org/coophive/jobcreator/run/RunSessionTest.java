package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.coophive.common.model.ModuleConfig;
import org.coophive.jobcreator.deals.EngineSettings;
import org.coophive.jobcreator.deals.InMemoryJobStore;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobJson;
import org.coophive.jobcreator.deals.JobListener;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobSource;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code run}'s phases, output and exit codes against a fake solver and chain. */
class RunSessionTest {

    @TempDir
    Path dataDir;

    Network net;
    JobCreatorEngine engine;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        net = new Network(dataDir);
    }

    private RunSession session(EngineSettings settings, boolean json, JobListener otherParties) {
        return session(settings, json, otherParties, Duration.ZERO);
    }

    private RunSession session(EngineSettings settings, boolean json, JobListener otherParties, Duration outageGrace) {
        engine = new JobCreatorEngine(
                settings,
                net.solver,
                net.jc,
                net.modules(),
                new InMemoryJobStore(),
                id -> net.explainer.explain(id),
                Clock.systemUTC(),
                () -> 50);
        net.jc.listener(engine.transactionListener());
        if (otherParties != null) engine.subscribe(otherParties);
        return new RunSession(
                engine,
                Duration.ofMillis(20),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                json,
                outageGrace);
    }

    private static JobRequest cowsay() {
        return JobRequest.of(
                "cowsay:v0.0.1", ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"), JobSource.CLI);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintEveryPhaseAndTheCowAndExitZeroWhenTheJobSucceeds() {
        RunSession session = session(Network.settings(dataDir, 0), false, net.autopilot(" _____\n< moo >\n", 0));

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isZero();
        assertThat(out()).isEqualTo(" _____\n< moo >\n");
        assertThat(err())
                .contains(
                        "offer posted",
                        "matched",
                        "agreed",
                        "running",
                        "results posted",
                        "downloaded",
                        "accepted",
                        "paid")
                .contains("Job succeeded")
                .contains("deal ", "tx agree", "tx acceptResult", "cost                 2 tokens")
                .containsPattern(
                        "\\d+\\.\\ds  matched +deal Qm\\w+ with " + Network.RP + " at 1 tokens per instruction");
    }

    @Test
    void shouldExitOneWhenTheJobFailsInsideItsContainer() {
        RunSession session = session(Network.settings(dataDir, 0), false, net.autopilot("boom\n", 2));

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(err()).contains("Job failed: the job exited with code 2");
    }

    @Test
    void shouldExitThreeAndPrintTheSolversExplanationWhenNothingMatches() {
        RunSession session =
                session(Network.settings(dataDir, 0).withMatchTimeout(Duration.ofMillis(200)), false, null);

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isEqualTo(ExitCodes.NO_MATCH);
        assertThat(err())
                .contains("No match: no resource offer matched")
                .contains("needs 1000 milli-CPU, offer has 500");
    }

    @Test
    void shouldExitFourAndSayNothingIsLockedWhenTheRunTimesOutBeforeAMatch() {
        RunSession session = session(Network.settings(dataDir, 0), false, null);

        int code = session.run(cowsay(), Duration.ofMillis(300));

        assertThat(code).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(err()).contains("Stopped: timed out").contains("No deal was agreed: nothing is locked");
    }

    @Test
    void shouldExitSixWhenTheSolverIsDown() {
        net.solver.down(true);
        RunSession session = session(Network.settings(dataDir, 0), false, null);

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isEqualTo(ExitCodes.SOLVER_UNREACHABLE);
        assertThat(err()).contains("the solver is unreachable");
    }

    @Test
    void shouldFinishTheJobWhenTheSolverIsDownForLessThanTheGraceAfterAgreeing() throws Exception {
        JobListener autopilot = net.autopilot(" _____\n< moo >\n", 0);
        RunSession session = session(
                Network.settings(dataDir, 0),
                false,
                (job, event) -> {
                    if (event.phase() == Phase.AGREED) {
                        // A solver restart: down for a few passes, then back.
                        net.solver.down(true);
                        new Thread(() -> {
                                    try {
                                        Thread.sleep(300);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    net.solver.down(false);
                                })
                                .start();
                    }
                    autopilot.onPhase(job, event);
                },
                Duration.ofSeconds(10));

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).as(err()).isZero();
        assertThat(out()).isEqualTo(" _____\n< moo >\n");
    }

    @Test
    void shouldExitFiveAndNameTheAgreedDealWhenTheChainGoesDown() {
        RunSession session = session(Network.settings(dataDir, 0), false, (job, event) -> {
            if (event.phase() == Phase.OFFER_POSTED) net.match(job);
            if (event.phase() == Phase.AGREED) net.chain.down(true);
        });

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isEqualTo(ExitCodes.CHAIN_UNREACHABLE);
        assertThat(err()).contains("the chain is unreachable").contains("is agreed on chain with this key");
    }

    @Test
    void shouldExitSevenAndSayWhyWhenTheDealDiffersFromTheOffer() {
        RunSession session = session(Network.settings(dataDir, 0), false, (job, event) -> {
            if (event.phase() == Phase.OFFER_POSTED) {
                net.match(
                        job,
                        Network.pricing(),
                        Network.timeouts(),
                        java.util.List.of(Network.RP),
                        org.coophive.common.model.MachineSpec.of(0, 2000, 1024));
            }
        });

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isEqualTo(ExitCodes.TERMS_REFUSED);
        assertThat(err()).contains("Deal refused").contains("is not trusted");
        assertThat(net.jc.calls()).isEmpty();
    }

    @Test
    void shouldPrintAMachineReadableSummaryWhenAskedForJson() throws Exception {
        RunSession session = session(Network.settings(dataDir, 0), true, net.autopilot("moo\n", 0));

        int code = session.run(cowsay(), Duration.ofSeconds(20));

        assertThat(code).isZero();
        JsonNode summary = JobJson.mapper().readTree(out());
        assertThat(summary.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(summary.get("exit_code").asInt()).isZero();
        assertThat(summary.get("stdout").asString()).isEqualTo("moo\n");
        assertThat(summary.get("deal_id").asString()).startsWith("Qm");
        assertThat(summary.get("transactions").get("acceptResult").asString()).startsWith("0x");
        assertThat(summary.get("cost_tokens").asString()).isEqualTo("2");
        assertThat(summary.get("phases")).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void shouldLeaveTheAgreedDealToTheDaemonAndSayWhenInterrupted() throws Exception {
        CompletableFuture<Void> agreed = new CompletableFuture<>();
        RunSession session = session(Network.settings(dataDir, 0), false, (job, event) -> {
            if (event.phase() == Phase.OFFER_POSTED) net.match(job);
            if (event.phase() == Phase.AGREED) agreed.complete(null);
        });
        CompletableFuture<Integer> run =
                CompletableFuture.supplyAsync(() -> session.run(cowsay(), Duration.ofSeconds(30)));
        agreed.get(10, TimeUnit.SECONDS);

        session.cancel();

        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(err())
                .contains("Stopped: cancelled")
                .contains("is agreed on chain with this key: it is left to a jobcreator daemon");
    }

    @Test
    void shouldExitTwoWhenTheModuleCannotBeLoaded() {
        RunSession session = session(Network.settings(dataDir, 0), false, null);

        int code = session.run(
                JobRequest.of("nope:v1", ModuleConfig.shortcut("nope:v1"), Map.of(), JobSource.CLI),
                Duration.ofSeconds(5));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: module nope:v1: unknown module nope");
    }
}
