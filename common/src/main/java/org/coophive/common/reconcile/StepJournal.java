package org.coophive.common.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.journal.JournalFiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * A party's journal of its deals: one record per deal in {@code <folder>/<dealId>.json}, replaced
 * atomically and durably on every change ({@link JournalFiles}), read once at start and kept in
 * memory. A file that cannot be read stops the service, naming it (the journal is what keeps a
 * restarted service from taking a step twice).
 *
 * <p>It is the chain client's {@link TransactionListener}: when a transaction of one of the steps
 * {@code S} is signed, the step and its hash go into the deal's record before the node gets the
 * transaction, so after a crash between sending and mining the service looks the hash up instead
 * of sending the step again. A step of a deal without a record is refused (the listener throws,
 * so nothing is sent): a transaction whose hash cannot be written down must not leave.
 *
 * <p>Services extend it with the queries they need over {@link #all()}.
 *
 * @param <S> the service's steps, named by the controller functions they call
 * @param <R> the service's record of one deal
 */
public class StepJournal<S extends Enum<S> & ContractStep, R extends StepJournal.Entry<S, R>>
        implements TransactionListener {

    /** What a service's record of one deal must offer the journal. */
    public interface Entry<S, R> {

        /** The deal's content id (also its file name). */
        String dealId();

        /** This record with {@code step}'s transaction signed as {@code txHash}. */
        R withSent(S step, String txHash);

        /**
         * This record with {@code step}'s transaction signed as {@code txHash}, keeping the signed
         * transaction to deliver it again after a restart if the node lost it (by default only the
         * hash is kept).
         */
        default R withSent(S step, String txHash, String signedTransaction) {
            return withSent(step, txHash);
        }

        /**
         * This record with {@code step}'s transaction {@code replacedHash} replaced by {@code txHash}
         * (same nonce, a higher fee): a record that keeps a {@link SentTransaction} per step keeps
         * both hashes ({@link SentTransaction#replacedBy}) and accepts whichever is mined. By
         * default the replacement is recorded as a new signed transaction.
         */
        default R withReplacement(S step, String replacedHash, String txHash, String signedTransaction) {
            return withSent(step, txHash, signedTransaction);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final Path dir;
    private final Class<R> type;
    private final EnumSet<S> steps;
    private final Map<String, R> records = new ConcurrentHashMap<>();
    private final ThreadLocal<String> onBehalfOf = new ThreadLocal<>();

    /**
     * Opens the journal in {@code dir} (created if missing) and reads every record there.
     *
     * @throws IllegalStateException naming a file that cannot be read as a {@code type}
     */
    public StepJournal(Path dir, Class<S> steps, Class<R> type) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.type = Objects.requireNonNull(type, "type");
        this.steps = EnumSet.allOf(steps);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    R record = JournalFiles.readJson(file, JSON, type).orElseThrow();
                    records.put(record.dealId(), record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal in " + dir, e);
        }
    }

    /** The folder of the records. */
    public Path folder() {
        return dir;
    }

    public Optional<R> find(String dealId) {
        return Optional.ofNullable(records.get(dealId));
    }

    /** Every record (a copy, in no particular order). */
    public List<R> all() {
        return new ArrayList<>(records.values());
    }

    /** The deal's record, or {@code fresh} written as its first one. */
    public synchronized R openIfAbsent(R fresh) {
        R existing = records.get(fresh.dealId());
        return existing != null ? existing : save(fresh);
    }

    /**
     * Changes the deal's record and writes it down.
     *
     * @throws IllegalStateException when the deal has no record
     */
    public synchronized R update(String dealId, UnaryOperator<R> change) {
        R current = records.get(dealId);
        if (current == null) throw new IllegalStateException("no journal entry for deal " + dealId);
        return save(change.apply(current));
    }

    /**
     * Writes a record durably, replacing the deal's earlier one; returns it.
     *
     * @throws IllegalArgumentException when the deal id cannot be a file name
     */
    public synchronized R save(R record) {
        String dealId = record.dealId();
        if (dealId == null || !SAFE_ID.matcher(dealId).matches()) {
            throw new IllegalArgumentException("unsafe deal id for a journal file: " + dealId);
        }
        JournalFiles.writeJson(dir.resolve(dealId + ".json"), JSON, record);
        records.put(dealId, record);
        return record;
    }

    /** The step that calls {@code function}, if it is one of this journal's. */
    public Optional<S> step(String function) {
        return steps.stream().filter(s -> s.function().equals(function)).findFirst();
    }

    /**
     * Runs {@code call} (on this thread) for the deal {@code dealId}: a transaction of one of the
     * steps signed meanwhile without a deal of its own (a token {@code approve} a step needs) is
     * journaled on that deal's record, with the step it prepares, before the node gets it.
     */
    public <T> T onBehalfOf(String dealId, Supplier<T> call) {
        Objects.requireNonNull(dealId, "dealId");
        String outer = onBehalfOf.get();
        onBehalfOf.set(dealId);
        try {
            return call.get();
        } finally {
            if (outer == null) onBehalfOf.remove();
            else onBehalfOf.set(outer);
        }
    }

    /**
     * Writes the hash of one of the steps down before it is sent; other transactions (a
     * registration, another party's steps, a step without a deal outside {@link #onBehalfOf}) are
     * not journaled here.
     *
     * @throws IllegalStateException when the deal has no record: nothing is sent then
     */
    @Override
    public void signed(String function, Bytes32 dealId, String txHash) {
        signed(function, dealId, txHash, "");
    }

    /** The same, the signed transaction kept with the hash (see {@link Entry#withSent(Enum, String, String)}). */
    @Override
    public void signed(String function, Bytes32 dealId, String txHash, String signedTransaction) {
        Optional<S> step = step(function);
        if (step.isEmpty()) return;
        String id = dealId != null ? ContentIds.fromDigest(dealId.bytes()) : onBehalfOf.get();
        if (id == null) return;
        synchronized (this) {
            if (!records.containsKey(id)) {
                throw new IllegalStateException("refusing to send " + function + " for deal " + id
                        + ": it has no journal entry in " + dir + " to write the transaction down");
            }
            update(id, r -> r.withSent(step.get(), txHash, signedTransaction));
        }
    }

    /** Writes a replacement of one of the steps' transactions down before it is sent (both hashes kept). */
    @Override
    public void replaced(
            String function, Bytes32 dealId, String replacedHash, String txHash, String signedTransaction) {
        Optional<S> step = step(function);
        if (step.isEmpty()) return;
        String id = dealId != null ? ContentIds.fromDigest(dealId.bytes()) : onBehalfOf.get();
        if (id == null) return;
        synchronized (this) {
            if (!records.containsKey(id)) {
                throw new IllegalStateException("refusing to send a replacement of " + function + " for deal " + id
                        + ": it has no journal entry in " + dir + " to write the transaction down");
            }
            update(id, r -> r.withReplacement(step.get(), replacedHash, txHash, signedTransaction));
        }
    }

    @Override
    public String toString() {
        return "StepJournal[" + dir + ", " + type.getSimpleName() + "]";
    }
}
