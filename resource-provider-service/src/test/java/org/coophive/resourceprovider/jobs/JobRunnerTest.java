package org.coophive.resourceprovider.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.coophive.common.model.JobOffer;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.testing.FakeExecutor;
import org.coophive.resourceprovider.testing.Offers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job made ready while the agreements are mined is either run or removed: none is left behind
 * when its deal ends first, however the discard and the preparation interleave.
 */
class JobRunnerTest {

    @TempDir
    Path dataDir;

    private final FakeExecutor executor = new FakeExecutor();
    private final ExecutorService preparing = Executors.newSingleThreadExecutor();
    private final CountDownLatch preparingHeld = new CountDownLatch(1);
    private JobRunner jobs;

    @BeforeEach
    void start() {
        jobs = new JobRunner(
                executor,
                new ModuleLoader(dataDir.resolve("modules")),
                dataDir,
                2,
                false,
                ResultLimits.DEFAULTS,
                false,
                new SimpleMeterRegistry(),
                preparing);
    }

    @AfterEach
    void stop() {
        preparingHeld.countDown();
        jobs.close();
    }

    @Test
    void shouldMakeTheJobReadyBeforeItsDealIsAgreed() throws Exception {
        jobs.prepare("deal-1", cowsay());

        preparedAll();

        assertThat(executor.prepared()).containsExactly("deal-1");
    }

    @Test
    void shouldRemoveWhatItMadeForADealThatEndedWithoutRunning() throws Exception {
        jobs.prepare("deal-1", cowsay());
        preparedAll();

        jobs.discard("deal-1");

        assertThat(executor.prepared()).isEmpty();
    }

    @Test
    void shouldMakeNothingForADealDiscardedWhileItsPreparationWasQueued() throws Exception {
        preparing.execute(this::holdPreparing); // the module loads after the deal ended
        jobs.prepare("deal-1", cowsay());

        jobs.discard("deal-1");
        preparingHeld.countDown();
        preparedAll();

        assertThat(executor.prepared())
                .as("containers nobody will run or remove")
                .isEmpty();
    }

    @Test
    void shouldRunAPreparedJobOnceAgreedAndLeaveNothingPrepared() throws Exception {
        jobs.prepare("deal-1", cowsay());
        preparedAll();
        CountDownLatch ended = new CountDownLatch(1);

        assertThat(jobs.start("deal-1", cowsay(), ended::countDown)).isTrue();

        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.runs("deal-1")).isEqualTo(1);
        assertThat(jobs.outcome("deal-1"))
                .hasValueSatisfying(o -> assertThat(o.failed()).isFalse());
        assertThat(executor.prepared()).isEmpty();
    }

    private void holdPreparing() {
        try {
            preparingHeld.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every preparation queued so far has ended. */
    private void preparedAll() throws Exception {
        preparing.submit(() -> {}).get(10, TimeUnit.SECONDS);
    }

    private static JobOffer cowsay() {
        return Offers.cowsay("0xjc", "0xsolver", List.of("0xmediator"), "moo");
    }
}
