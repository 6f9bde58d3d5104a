package org.coophive.resourceprovider.deals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.journal.JournalFiles;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.resourceprovider.deals.DealRecord.Phase;
import org.coophive.resourceprovider.deals.DealRecord.TxEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's deal journal in the data folder ({@code deals/<dealId>.json}, one file per deal,
 * rewritten atomically on every change). A step's entry is written before its transaction is
 * signed, and its hash as soon as it is signed (this class is the chain client's
 * {@link TransactionListener}), so after a crash at any point the provider knows whether a
 * transaction may be on its way and looks it up instead of sending the step again.
 */
final class DealJournal implements TransactionListener {

    private static final JsonMapper JOURNAL_JSON = JsonMapper.builder().build();

    private final Path dir;
    private final Map<String, DealRecord> records = new ConcurrentHashMap<>();

    DealJournal(Path dataDir) {
        this.dir = dataDir.resolve("deals");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .forEach(f -> JournalFiles.readJson(f, JOURNAL_JSON, DealRecord.class)
                                .ifPresent(r -> records.put(r.dealId(), r)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
    }

    Optional<DealRecord> find(String dealId) {
        return Optional.ofNullable(records.get(dealId));
    }

    /** Creates the deal's record if it has none; returns the record. */
    DealRecord open(DealRecord fresh) {
        DealRecord existing = records.get(fresh.dealId());
        if (existing != null) return existing;
        save(fresh);
        return fresh;
    }

    DealRecord update(String dealId, UnaryOperator<DealRecord> change) {
        synchronized (this) {
            DealRecord current = records.get(dealId);
            if (current == null) throw new IllegalStateException("no journal entry for deal " + dealId);
            DealRecord next = change.apply(current);
            save(next);
            return next;
        }
    }

    /** Deals this provider is in and has not finished or refused. */
    List<DealRecord> open() {
        return records.values().stream()
                .filter(r -> !r.finished() && !r.isRefused())
                .toList();
    }

    /**
     * Whether an offer is held by a deal this provider refused (named by the offer or by the
     * deal): its slot is free again.
     */
    boolean heldByRefusedDeal(ResourceOfferContainer offer) {
        return records.values().stream()
                .filter(DealRecord::isRefused)
                .anyMatch(r ->
                        r.resourceOfferId().equals(offer.id()) || r.dealId().equals(offer.dealId()));
    }

    /** Whether a chain event with this deal key concerns one of this provider's deals. */
    boolean knowsKey(String dealKeyHex) {
        return records.values().stream().anyMatch(r -> r.dealKey().equalsIgnoreCase(dealKeyHex));
    }

    @Override
    public void signed(String function, Bytes32 dealId, String txHash) {
        if (dealId == null) return;
        Optional<Step> step = Step.ofFunction(function);
        if (step.isEmpty()) return;
        String id = ContentIds.fromDigest(dealId.bytes());
        synchronized (this) {
            DealRecord current = records.get(id);
            if (current == null) return;
            update(id, r -> r.withTx(step.get(), new TxEntry(Phase.SENT, txHash)));
        }
    }

    private void save(DealRecord record) {
        JournalFiles.writeJson(dir.resolve(record.dealId() + ".json"), JOURNAL_JSON, record);
        records.put(record.dealId(), record);
    }
}
