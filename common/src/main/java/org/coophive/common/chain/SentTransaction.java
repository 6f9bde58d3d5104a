package org.coophive.common.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One step's transaction as a journal keeps it: the hash and signed bytes of the version sent last,
 * and the hashes of the versions it replaced (the same nonce with a lower fee, see {@link
 * TransactionListener#replaced}). All versions share one nonce, so at most one of them is ever
 * mined; {@link #lookUp} finds which, so a restarted service waits for whichever can still be
 * mined and accepts whichever was, and takes the step again only when none can be.
 *
 * @param hash the hash of the version sent last
 * @param signed its signed bytes (hex with {@code 0x}), delivered again if the node lost them;
 *     {@code ""} when not kept
 * @param replaced the hashes of the earlier versions, oldest first; never null
 */
public record SentTransaction(String hash, String signed, List<String> replaced) {

    public SentTransaction {
        Objects.requireNonNull(hash, "hash");
        signed = signed == null ? "" : signed;
        replaced = replaced == null ? List.of() : List.copyOf(replaced);
    }

    /** The first version of a step's transaction. */
    public static SentTransaction of(String hash, String signed) {
        return new SentTransaction(hash, signed, List.of());
    }

    /** This transaction replaced by {@code newHash} (same nonce, a higher fee). */
    public SentTransaction replacedBy(String newHash, String newSigned) {
        List<String> earlier = new ArrayList<>(replaced);
        if (!earlier.contains(hash) && !hash.equals(newHash)) earlier.add(hash);
        return new SentTransaction(newHash, newSigned, earlier);
    }

    /** Every version's hash, oldest first. */
    public List<String> hashes() {
        List<String> all = new ArrayList<>(replaced);
        all.add(hash);
        return all;
    }

    /** Whether {@code txHash} is one of its versions. */
    public boolean has(String txHash) {
        return hash.equals(txHash) || replaced.contains(txHash);
    }

    /**
     * What became of the step's transaction, and in which version.
     *
     * @param hash the version the status is about: the mined one, else the last one
     * @param status mined (succeeded or failed) in that version; pending when a version can still be
     *     mined; unknown only when none can
     */
    public record Found(String hash, TxStatus status) {}

    /**
     * Looks every version up. A mined one (succeeded or failed) is the answer; otherwise the last
     * version is looked up with its kept bytes ({@link ChainHead#transactionStatus(String,
     * String)}: delivered again, unchanged, if the node lost it while its nonce is free), and an
     * earlier version the node still holds also counts as pending.
     */
    public Found lookUp(ChainHead chain) {
        return lookUp(chain, null, null);
    }

    /**
     * {@link #lookUp(ChainHead)} for the step this transaction is: the last version, when pending,
     * is looked up with the step ({@link ChainHead#transactionStatus(String, String, String,
     * Bytes32)}), so one this service sent before a restart that stays unmined (underpriced in the
     * pool) is replaced with the same nonce and bumped fees, as a live one is; the journal hears the
     * replacement ({@link TransactionListener#replaced}) and its next lookup covers both versions.
     *
     * @param function the step's contract function; null to look up only
     * @param dealId the deal the step is for; null for a step outside a deal
     */
    public Found lookUp(ChainHead chain, String function, Bytes32 dealId) {
        boolean earlierPending = false;
        for (String earlier : replaced) {
            TxStatus status = chain.transactionStatus(earlier);
            if (status == TxStatus.SUCCEEDED || status == TxStatus.FAILED) return new Found(earlier, status);
            earlierPending |= status == TxStatus.PENDING;
        }
        TxStatus last = function == null || signed.isEmpty()
                ? chain.transactionStatus(hash, signed)
                : chain.transactionStatus(hash, signed, function, dealId);
        if (last == TxStatus.UNKNOWN && earlierPending) return new Found(hash, TxStatus.PENDING);
        return new Found(hash, last);
    }
}
