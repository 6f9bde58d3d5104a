package org.coophive.resourceprovider.deals;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.model.Result;
import org.coophive.common.reconcile.StepJournal;

/**
 * What the provider wrote down about one deal, in {@code deals/<dealId>.json}: enough to finish it
 * after a crash without repeating a step.
 *
 * @param dealId the deal
 * @param dealKey the deal's on-chain key (hex), to recognise its chain events
 * @param resourceOfferId the offer the deal was made from
 * @param slot the slot (offer index) the deal occupies
 * @param refused why this provider will not take the deal, {@code ""} if it does
 * @param txs each step's transaction
 * @param filesUploaded whether the result tar is with the solver
 * @param result the result as the solver stored it (with its id), once posted
 * @param finished whether the deal reached a final state and its earnings were counted
 * @param endSeenAt the chain's head when the deal was first read ended, while its end waits to be
 *     {@code WEB3_CONFIRMATIONS} blocks deep (kept so that a restart does not start the wait again);
 *     0 while not seen ended, and again when a rollback brought the deal back
 */
record DealRecord(
        String dealId,
        String dealKey,
        String resourceOfferId,
        int slot,
        String refused,
        Map<Step, TxEntry> txs,
        boolean filesUploaded,
        Result result,
        boolean finished,
        long endSeenAt)
        implements StepJournal.Entry<Step, DealRecord> {

    DealRecord {
        refused = refused == null ? "" : refused;
        txs = txs == null || txs.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(txs));
    }

    static DealRecord fresh(String dealId, String dealKey, String resourceOfferId, int slot) {
        return new DealRecord(dealId, dealKey, resourceOfferId, slot, "", Map.of(), false, null, false, 0);
    }

    boolean isRefused() {
        return !refused.isEmpty();
    }

    /**
     * Whether the deal holds its slot's machine: this provider agreed (or is agreeing) and has not
     * yet sent its results. Once results are on their way the job is done and the slot takes
     * another deal, as the solver's "active" offers say.
     */
    boolean occupiesSlot() {
        return !finished && !isRefused() && txs.containsKey(Step.AGREE) && !txs.containsKey(Step.ADD_RESULT);
    }

    DealRecord withRefused(String reason) {
        return new DealRecord(
                dealId, dealKey, resourceOfferId, slot, reason, txs, filesUploaded, result, finished, endSeenAt);
    }

    DealRecord withTx(Step step, TxEntry entry) {
        Map<Step, TxEntry> copy = new EnumMap<>(Step.class);
        copy.putAll(txs);
        if (entry == null) copy.remove(step);
        else copy.put(step, entry);
        return new DealRecord(
                dealId, dealKey, resourceOfferId, slot, refused, copy, filesUploaded, result, finished, endSeenAt);
    }

    /** The step's transaction signed and handed to the node (what the journal hears first). */
    @Override
    public DealRecord withSent(Step step, String txHash) {
        return withTx(step, new TxEntry(Phase.SENT, txHash));
    }

    /** The same, with the signed transaction, to deliver again after a restart if the node lost it. */
    @Override
    public DealRecord withSent(Step step, String txHash, String signedTransaction) {
        return withTx(step, new TxEntry(Phase.SENT, txHash, signedTransaction));
    }

    /** A replacement of the step's transaction (same nonce, a higher fee): both hashes are kept. */
    @Override
    public DealRecord withReplacement(Step step, String replacedHash, String txHash, String signedTransaction) {
        TxEntry before = txs.get(step);
        SentTransaction earlier = before != null && before.sent().has(replacedHash)
                ? before.sent()
                : SentTransaction.of(replacedHash, "");
        SentTransaction now = earlier.replacedBy(txHash, signedTransaction);
        return withTx(step, new TxEntry(Phase.SENT, now.hash(), now.signed(), now.replaced()));
    }

    DealRecord withFilesUploaded() {
        return new DealRecord(dealId, dealKey, resourceOfferId, slot, refused, txs, true, result, finished, endSeenAt);
    }

    DealRecord withResult(Result posted) {
        return new DealRecord(
                dealId, dealKey, resourceOfferId, slot, refused, txs, filesUploaded, posted, finished, endSeenAt);
    }

    DealRecord withFinished() {
        return new DealRecord(
                dealId, dealKey, resourceOfferId, slot, refused, txs, filesUploaded, result, true, endSeenAt);
    }

    /** The same, its end seen at block {@code head} ({@code 0}: not ended, brought back by a rollback). */
    DealRecord withEndSeenAt(long head) {
        return new DealRecord(
                dealId, dealKey, resourceOfferId, slot, refused, txs, filesUploaded, result, finished, head);
    }

    /**
     * One step's transaction.
     *
     * @param phase how far it got
     * @param hash its hash, once signed ({@code ""} before)
     * @param signed the signed transaction (its nonce in it), kept so that one the node lost is
     *     delivered again unchanged after a restart, never sent anew with another nonce ({@code ""}
     *     when not known, as in older journals)
     * @param replaced the hashes of the versions this one replaced (same nonce, a lower fee), oldest
     *     first: whichever version is mined is the step's
     */
    record TxEntry(Phase phase, String hash, String signed, List<String> replaced) {
        TxEntry {
            hash = hash == null ? "" : hash;
            signed = signed == null ? "" : signed;
            replaced = replaced == null ? List.of() : List.copyOf(replaced);
        }

        TxEntry(Phase phase, String hash, String signed) {
            this(phase, hash, signed, List.of());
        }

        TxEntry(Phase phase, String hash) {
            this(phase, hash, "");
        }

        /** The same transaction, further on. */
        TxEntry at(Phase next) {
            return new TxEntry(next, hash, signed, replaced);
        }

        /** The transaction with every version of it. */
        SentTransaction sent() {
            return new SentTransaction(hash, signed, replaced);
        }

        /** The version {@code minedHash} (this one or one it replaced) as mined. */
        TxEntry mined(String minedHash) {
            if (minedHash.equals(hash)) return at(Phase.MINED);
            return new TxEntry(Phase.MINED, minedHash, "");
        }
    }

    /** How far a step's transaction got. */
    enum Phase {
        /** About to be signed: if found after a restart, it never reached the node. */
        SENDING,
        /** Signed and handed to the node: after a restart, look its hash up. */
        SENT,
        /** Mined and succeeded; the solver does not know the hash yet. */
        MINED,
        /** Mined, and the solver has the hash. */
        RECORDED
    }
}
