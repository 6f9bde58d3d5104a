package org.coophive.jobcreator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.testing.Await;
import org.coophive.jobcreator.deals.FileJobStore;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobSource;
import org.coophive.jobcreator.deals.Phase;
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCreatorConfigurationTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldPostTheOfferOfAJobSubmittedThroughTheApiWithoutWaitingForAPass() throws Exception {
        // It used to wait for the next period (5 s by default), then for a pass that listed every
        // open deal at the solver and gave every job a turn.
        Network net = new Network(dataDir);
        try (WorkLanes lanes = WorkLanes.pooled("test-job", 2)) {
            JobCreatorEngine engine =
                    net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")), lanes);
            try (PassLoop loop = new PassLoop("test-engine", Duration.ofHours(1), engine::pass);
                    AutoCloseable subscription = JobCreatorConfiguration.turnOnEverySubmission(engine)) {
                loop.start();
                Await.until(Duration.ofSeconds(10), "the first pass", () -> loop.passes() >= 1);
                long passes = loop.passes();

                Job job = engine.submit(JobRequest.of(
                        "cowsay:v0.0.1",
                        ModuleConfig.shortcut("cowsay:v0.0.1"),
                        Map.of("Message", "moo"),
                        JobSource.API));

                Await.until(Duration.ofSeconds(10), "the offer posted", () -> engine.find(job.id())
                        .orElseThrow()
                        .reached(Phase.OFFER_POSTED));
                assertThat(loop.passes()).as("passes since the submission").isEqualTo(passes);
            }
        }
    }
}
