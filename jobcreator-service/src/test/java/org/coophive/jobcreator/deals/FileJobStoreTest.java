package org.coophive.jobcreator.deals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileJobStoreTest {

    /** Job files as the version before typed fields wrote them: cost and decision as strings, "" for none. */
    private static final String BEFORE = "/jobs-written-before-typed-fields/";

    @TempDir
    Path dir;

    private void copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(BEFORE + name)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @Test
    void shouldResumeJobsJournaledBeforeTheUpgrade() throws Exception {
        copy("finished-before-upgrade.json");
        copy("running-before-upgrade.json");

        FileJobStore store = new FileJobStore(dir);

        Job finished = store.find("finished-before-upgrade").orElseThrow();
        assertThat(finished.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(finished.decision()).isEqualTo(Decision.ACCEPT);
        assertThat(finished.cost()).isEqualTo(new BigInteger("2000000000000000000"));
        assertThat(finished.transaction(Step.ACCEPT_RESULT)).isPresent();
        Job running = store.find("running-before-upgrade").orElseThrow();
        assertThat(running.active()).isTrue();
        assertThat(running.decision()).isNull();
        assertThat(running.cost()).isNull();
        assertThat(running.reached(Phase.RUNNING)).isTrue();
        assertThat(running.transaction(Step.AGREE)).isPresent();
        assertThat(running.transaction(Step.ACCEPT_RESULT)).isEmpty();
    }

    @Test
    void shouldKeepWritingCostAsADecimalStringAndDecisionAsTheFunctionName() throws Exception {
        copy("finished-before-upgrade.json");
        Job read = new FileJobStore(dir).find("finished-before-upgrade").orElseThrow();

        new FileJobStore(dir).save(read.withMessage("written again"));

        JsonNode written = JobJson.mapper()
                .readTree(dir.resolve("finished-before-upgrade.json").toFile());
        assertThat(written.get("cost").isString()).isTrue();
        assertThat(written.get("cost").asString()).isEqualTo("2000000000000000000");
        assertThat(written.get("decision").asString()).isEqualTo("acceptResult");
        assertThat(written.get("transactions").has("acceptResult")).isTrue();
        Job reread = new FileJobStore(dir).find("finished-before-upgrade").orElseThrow();
        assertThat(reread).isEqualTo(read.withMessage("written again"));
    }

    @Test
    void shouldFindTheJobOfADealOnceMatchedAndAfterARestart() throws Exception {
        copy("finished-before-upgrade.json");
        Job finished = new FileJobStore(dir).find("finished-before-upgrade").orElseThrow();
        assertThat(new FileJobStore(dir).findByDeal(finished.dealId())).contains(finished);

        Path other = dir.resolve("other");
        FileJobStore store = new FileJobStore(other);
        Job fresh = store.save(Job.submitted(
                "fresh",
                finished.source(),
                finished.module(),
                finished.inputs(),
                finished.verification(),
                finished.onChainJobId(),
                finished.createdAt(),
                finished.offer()));
        assertThat(store.findByDeal(finished.dealId())).isEmpty();
        assertThat(store.findByDeal(fresh.dealId())).as("no deal yet").isEmpty();

        Job matched = store.save(fresh.withDeal(finished.deal()));

        assertThat(store.findByDeal(finished.dealId())).contains(matched);
        assertThat(store.findByDeal("QmNoSuchDeal")).isEmpty();
        assertThat(new FileJobStore(other).findByDeal(finished.dealId())).contains(matched);
    }

    @Test
    void shouldIndexTheDealOfAJobInMemoryTheSameWay() throws Exception {
        copy("running-before-upgrade.json");
        Job running = new FileJobStore(dir).find("running-before-upgrade").orElseThrow();
        InMemoryJobStore store = new InMemoryJobStore();

        store.save(running);

        assertThat(store.findByDeal(running.dealId())).contains(running);
        assertThat(store.findByDeal("QmNoSuchDeal")).isEmpty();
    }

    @Test
    void shouldFindTheJobThatPostedAnOfferOnceRecordedAndAfterARestart() throws Exception {
        copy("running-before-upgrade.json");
        Job running = new FileJobStore(dir).find("running-before-upgrade").orElseThrow();
        Path other = dir.resolve("other");
        FileJobStore store = new FileJobStore(other);
        Job fresh = store.save(Job.submitted(
                "fresh",
                running.source(),
                running.module(),
                running.inputs(),
                running.verification(),
                running.onChainJobId(),
                running.createdAt(),
                running.offer().withId("")));
        assertThat(store.findByOffer(running.offerId())).as("not posted yet").isEmpty();

        Job posted = store.save(fresh.withOffer(running.offer()));

        assertThat(store.findByOffer(running.offerId())).contains(posted);
        assertThat(store.findByOffer("QmNoSuchOffer")).isEmpty();
        assertThat(new FileJobStore(other).findByOffer(running.offerId())).contains(posted);
    }

    @Test
    void shouldForceToDiskTheVersionsThatCannotBeLearntAgainAndOnlyThose() throws Exception {
        copy("running-before-upgrade.json");
        Job running = new FileJobStore(dir).find("running-before-upgrade").orElseThrow();
        Instant now = Instant.parse("2026-12-07T12:00:00Z");

        assertThat(FileJobStore.mustOutlivePowerLoss(null, running))
                .as("a new job")
                .isTrue();
        assertThat(FileJobStore.mustOutlivePowerLoss(running, running.withSigned(Step.ACCEPT_RESULT, "0xab", "0x01")))
                .as("a transaction journaled before it is sent")
                .isTrue();
        assertThat(FileJobStore.mustOutlivePowerLoss(running, running.finished(Outcome.SUCCEEDED, "", now)))
                .as("the job ended")
                .isTrue();
        assertThat(FileJobStore.mustOutlivePowerLoss(running, running.withPhase(Phase.RESULTS_POSTED, now, "")))
                .as("a phase the chain shows again")
                .isFalse();
        assertThat(FileJobStore.mustOutlivePowerLoss(running, running.withDownloadFailure("not there yet", false)))
                .as("a download tried again")
                .isFalse();
    }
}
