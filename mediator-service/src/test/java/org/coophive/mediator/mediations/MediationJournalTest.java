package org.coophive.mediator.mediations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.ids.ContentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediationJournalTest {

    private static final String DEAL_ID = ContentIds.ofBytes(new byte[] {4, 5, 6});
    private static final String HASH = "0x" + "12".repeat(32);
    private static final String SIGNED = "0x02f8" + "12".repeat(32);
    private static final String REPLACEMENT = "0x" + "34".repeat(32);
    private static final String SIGNED_REPLACEMENT = "0x02f8" + "34".repeat(32);

    @TempDir
    Path dir;

    @Test
    void shouldRememberEveryStepWithTheSignedJudgementAndTheHashItReplacedAcrossARestart() {
        MediationJournal journal = new MediationJournal(dir);
        journal.findOrCreate(DEAL_ID, 42);
        journal.save(journal.find(DEAL_ID).orElseThrow().judged(Judgement.reject("wrong")));
        journal.signed(MediationJournal.REJECT_FUNCTION, Bytes32.of(ContentIds.digest(DEAL_ID)), HASH, SIGNED);
        journal.replaced(
                MediationJournal.REJECT_FUNCTION,
                Bytes32.of(ContentIds.digest(DEAL_ID)),
                HASH,
                REPLACEMENT,
                SIGNED_REPLACEMENT);

        Mediation reread = new MediationJournal(dir).find(DEAL_ID).orElseThrow();

        assertThat(reread)
                .isEqualTo(new Mediation(
                        DEAL_ID,
                        42,
                        Verdict.REJECT,
                        "wrong",
                        false,
                        "mediationRejectResult",
                        REPLACEMENT,
                        "",
                        false,
                        SIGNED_REPLACEMENT,
                        List.of(HASH)));
        assertThat(reread.sent().hashes()).containsExactly(HASH, REPLACEMENT);
        assertThat(new MediationJournal(dir).openDealIds()).containsExactly(DEAL_ID);
    }

    @Test
    void shouldIgnoreTransactionsThatAreNotJudgements() throws Exception {
        MediationJournal journal = new MediationJournal(dir);

        journal.signed("updateUser", null, HASH);
        journal.signed("addUserToList", null, HASH);

        assertThat(journal.all()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldLeaveNoTemporaryFileBehind() throws Exception {
        MediationJournal journal = new MediationJournal(dir);
        journal.findOrCreate(DEAL_ID, 1);
        journal.save(journal.find(DEAL_ID).orElseThrow().finished("MEDIATION_ACCEPTED"));

        try (var files = Files.list(dir)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly(DEAL_ID + ".json");
        }
        assertThat(journal.openDealIds()).isEmpty();
    }
}
