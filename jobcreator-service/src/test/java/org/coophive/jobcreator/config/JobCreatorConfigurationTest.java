package org.coophive.jobcreator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.reconcile.PassLoop;
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
    void shouldPostTheOfferOfAJobSubmittedThroughTheApiWithoutWaitingForTheNextPeriodicPass() throws Exception {
        // It used to wait for the next period (5 s by default) before its offer was even posted.
        Network net = new Network(dataDir);
        JobCreatorEngine engine = net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        try (PassLoop loop = new PassLoop("test-engine", Duration.ofHours(1), engine::pass);
                AutoCloseable subscription = JobCreatorConfiguration.passOnEverySubmission(engine, loop::trigger)) {
            loop.start();
            Await.until(Duration.ofSeconds(10), "the first pass", () -> loop.passes() >= 1);

            Job job = engine.submit(JobRequest.of(
                    "cowsay:v0.0.1", ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"), JobSource.API));

            Await.until(Duration.ofSeconds(10), "the offer posted", () -> engine.find(job.id())
                    .orElseThrow()
                    .reached(Phase.OFFER_POSTED));
        }
    }
}
