package org.coophive.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.ids.ContentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepJournalTest {

    private static final String DEAL = ContentIds.ofBytes(new byte[] {1, 2, 3});
    private static final Bytes32 DEAL_DIGEST = Bytes32.of(ContentIds.digest(DEAL));
    private static final String HASH = "0x" + "ab".repeat(32);

    @TempDir
    Path dir;

    enum TestStep implements ContractStep {
        APPROVE("approve"),
        AGREE("agree"),
        ADD_RESULT("addResult");

        private final String function;

        TestStep(String function) {
            this.function = function;
        }

        @Override
        public String function() {
            return function;
        }
    }

    record TestRecord(String dealId, Map<TestStep, String> sent) implements StepJournal.Entry<TestStep, TestRecord> {
        TestRecord {
            sent = sent == null ? Map.of() : Map.copyOf(sent);
        }

        @Override
        public TestRecord withSent(TestStep step, String txHash) {
            Map<TestStep, String> copy = new EnumMap<>(TestStep.class);
            copy.putAll(sent);
            copy.put(step, txHash);
            return new TestRecord(dealId, copy);
        }
    }

    private StepJournal<TestStep, TestRecord> open() {
        return new StepJournal<>(dir, TestStep.class, TestRecord.class);
    }

    @Test
    void shouldWriteAStepsHashDownBeforeSendingAndKeepItAcrossARestart() {
        StepJournal<TestStep, TestRecord> journal = open();
        journal.openIfAbsent(new TestRecord(DEAL, Map.of()));

        journal.signed("addResult", DEAL_DIGEST, HASH);

        assertThat(open().find(DEAL).orElseThrow().sent()).containsExactly(Map.entry(TestStep.ADD_RESULT, HASH));
    }

    @Test
    void shouldJournalAStepWithoutADealOnTheDealItIsSentForOnlyWhileSendingForIt() {
        StepJournal<TestStep, TestRecord> journal = open();
        journal.openIfAbsent(new TestRecord(DEAL, Map.of()));

        journal.signed("approve", null, "0x" + "01".repeat(32)); // outside any deal: not journaled
        String returned = journal.onBehalfOf(DEAL, () -> {
            journal.signed("approve", null, HASH);
            return "sent";
        });
        journal.signed("approve", null, "0x" + "02".repeat(32));

        assertThat(returned).isEqualTo("sent");
        assertThat(open().find(DEAL).orElseThrow().sent()).containsExactly(Map.entry(TestStep.APPROVE, HASH));
    }

    @Test
    void shouldRefuseToSendAStepOfADealWithoutARecord() {
        StepJournal<TestStep, TestRecord> journal = open();

        assertThatThrownBy(() -> journal.signed("agree", DEAL_DIGEST, HASH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to send agree for deal " + DEAL);
        assertThat(open().all()).isEmpty();
    }

    @Test
    void shouldIgnoreTransactionsThatAreNotItsSteps() {
        StepJournal<TestStep, TestRecord> journal = open();
        journal.openIfAbsent(new TestRecord(DEAL, Map.of()));

        journal.signed("updateUser", null, HASH);
        journal.signed("acceptResult", DEAL_DIGEST, HASH);

        assertThat(journal.find(DEAL).orElseThrow().sent()).isEmpty();
    }

    @Test
    void shouldKeepTheFirstRecordWhenOpenedAgain() {
        StepJournal<TestStep, TestRecord> journal = open();
        journal.openIfAbsent(new TestRecord(DEAL, Map.of(TestStep.AGREE, HASH)));

        TestRecord again = journal.openIfAbsent(new TestRecord(DEAL, Map.of()));

        assertThat(again.sent()).containsKey(TestStep.AGREE);
    }

    @Test
    void shouldStopAtStartNamingAnUnreadableFile() throws Exception {
        Files.writeString(dir.resolve(DEAL + ".json"), "{\"dealId\": \"" + DEAL, StandardCharsets.UTF_8);

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining(DEAL + ".json");
    }

    @Test
    void shouldRefuseADealIdThatIsNotASafeFileName() {
        StepJournal<TestStep, TestRecord> journal = open();

        assertThatThrownBy(() -> journal.save(new TestRecord("../escape", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape");
        assertThat(dir.getParent().resolve("escape.json")).doesNotExist();
    }

    @Test
    void shouldRefuseToUpdateADealWithoutARecord() {
        assertThatThrownBy(() -> open().update(DEAL, r -> r)).hasMessageContaining("no journal entry for deal " + DEAL);
    }
}
