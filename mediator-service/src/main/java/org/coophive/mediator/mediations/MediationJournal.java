package org.coophive.mediator.mediations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.journal.JournalFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mediator's memory across restarts: one JSON file per deal under {@code <DATA_DIR>/mediations},
 * each replaced atomically (written to a temporary file, flushed to disk, then moved over the old
 * one), so a crash leaves either the old or the new record, never half of one.
 *
 * <p>It is also the chain client's {@link TransactionListener}: the hash of a judgement is written
 * here before the node receives the transaction, so a mediator that dies between sending and
 * mining looks the hash up on restart instead of judging again.
 */
class MediationJournal implements TransactionListener {

    static final String ACCEPT_FUNCTION = "mediationAcceptResult";
    static final String REJECT_FUNCTION = "mediationRejectResult";

    private static final Logger log = LoggerFactory.getLogger(MediationJournal.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final Map<String, Mediation> records = new HashMap<>();

    /** Opens (and creates if needed) the journal in {@code dir}, reading what is there. */
    MediationJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .toList()) {
                    Mediation record =
                            JournalFiles.readJson(file, JSON, Mediation.class).orElseThrow();
                    records.put(record.dealId(), record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mediation journal in " + dir, e);
        }
        log.info(
                "mediation journal {}: {} deals, {} open",
                dir,
                records.size(),
                openDealIds().size());
    }

    synchronized Optional<Mediation> find(String dealId) {
        return Optional.ofNullable(records.get(dealId));
    }

    /** The record of a deal, created (and written) if it has none. */
    synchronized Mediation findOrCreate(String dealId, long now) {
        Mediation record = records.get(dealId);
        return record != null ? record : save(Mediation.requested(dealId, now));
    }

    /** Deals with something left to do, oldest first. */
    synchronized List<String> openDealIds() {
        return records.values().stream()
                .filter(record -> !record.closed())
                .sorted((a, b) -> Long.compare(a.requestedAt(), b.requestedAt()))
                .map(Mediation::dealId)
                .toList();
    }

    /** All records (a copy). */
    synchronized List<Mediation> all() {
        return new ArrayList<>(records.values());
    }

    /** Writes a record durably, replacing the deal's earlier one. */
    synchronized Mediation save(Mediation record) {
        ContentIds.requireValid(record.dealId()); // a content id is also a safe file name
        Path file = dir.resolve(record.dealId() + ".json");
        JournalFiles.write(file, JSON.writeValueAsBytes(record));
        records.put(record.dealId(), record);
        return record;
    }

    /**
     * Writes a judgement's hash down before it is sent. Throwing here stops the send, which is
     * what we want when the journal cannot be written.
     */
    @Override
    public void signed(String function, Bytes32 dealId, String txHash) {
        if (!ACCEPT_FUNCTION.equals(function) && !REJECT_FUNCTION.equals(function)) return;
        String id = ContentIds.fromDigest(dealId.bytes());
        synchronized (this) {
            Mediation record = records.getOrDefault(id, Mediation.requested(id, System.currentTimeMillis()));
            save(record.signed(function, txHash));
        }
        log.debug("deal {}: {} signed as {}", id, function, txHash);
    }
}
