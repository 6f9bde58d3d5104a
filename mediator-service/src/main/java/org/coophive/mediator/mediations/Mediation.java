package org.coophive.mediator.mediations;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.reconcile.StepJournal;

/**
 * What the mediator knows of one deal it was picked for, as its journal keeps it. Steps only ever
 * add to a record: requested, then judged (or given up), then a judgement sent, then finished
 * (the deal left ResultsChecked), then reported to the solver.
 *
 * @param dealId the deal's content id
 * @param requestedAt when the mediator first learnt of the mediation (epoch milliseconds)
 * @param verdict the verdict, or {@code null} before the deal was judged
 * @param reason why the verdict, or why the mediator gave up; {@code ""} before
 * @param gaveUp whether the mediator found the deal impossible to judge (see {@link
 *     CannotJudgeException}) and left it to the mediate timeout
 * @param function the contract function of the judgement transaction, {@code ""} before one was
 *     signed
 * @param txHash the hash of the judgement transaction, written before the node received it;
 *     {@code ""} before
 * @param finalState the deal's state once it left ResultsChecked (an {@code AgreementState} name),
 *     {@code ""} before
 * @param reported whether the judgement's hash was reported to the solver
 * @param signed the judgement transaction as signed (hex), kept to deliver the very same bytes again
 *     if the node lost them (same nonce: the judgement is not sent anew while it can still be
 *     mined); {@code ""} before one was signed (and in records written before it was kept)
 * @param replaced the hashes of earlier versions of the judgement transaction it replaced (same
 *     nonce, a lower fee), oldest first: whichever version is mined is the judgement
 */
record Mediation(
        String dealId,
        long requestedAt,
        Verdict verdict,
        String reason,
        boolean gaveUp,
        String function,
        String txHash,
        String finalState,
        boolean reported,
        String signed,
        List<String> replaced)
        implements StepJournal.Entry<JudgementTx, Mediation> {

    Mediation {
        Objects.requireNonNull(dealId, "dealId");
        reason = reason == null ? "" : reason;
        function = function == null ? "" : function;
        txHash = txHash == null ? "" : txHash;
        finalState = finalState == null ? "" : finalState;
        signed = signed == null ? "" : signed;
        replaced = replaced == null ? List.of() : List.copyOf(replaced);
    }

    static Mediation requested(String dealId, long requestedAt) {
        return new Mediation(dealId, requestedAt, null, "", false, "", "", "", false, "", List.of());
    }

    Mediation judged(Judgement judgement) {
        return new Mediation(
                dealId,
                requestedAt,
                judgement.verdict(),
                judgement.reason(),
                false,
                function,
                txHash,
                finalState,
                reported,
                signed,
                replaced);
    }

    Mediation givenUp(String why) {
        return new Mediation(
                dealId, requestedAt, verdict, why, true, function, txHash, finalState, reported, signed, replaced);
    }

    Mediation signed(String function, String txHash) {
        return signed(function, SentTransaction.of(txHash, ""));
    }

    private Mediation signed(String function, SentTransaction tx) {
        return new Mediation(
                dealId,
                requestedAt,
                verdict,
                reason,
                gaveUp,
                function,
                tx.hash(),
                finalState,
                false,
                tx.signed(),
                tx.replaced());
    }

    @Override
    public Mediation withSent(JudgementTx step, String txHash) {
        return signed(step.function(), txHash);
    }

    @Override
    public Mediation withSent(JudgementTx step, String txHash, String signedTransaction) {
        return signed(step.function(), SentTransaction.of(txHash, signedTransaction));
    }

    @Override
    public Mediation withReplacement(JudgementTx step, String replacedHash, String txHash, String signedTransaction) {
        if (!sent().has(replacedHash)) return withSent(step, txHash, signedTransaction);
        return signed(step.function(), sent().replacedBy(txHash, signedTransaction));
    }

    /** The judgement transaction with every version of it; its hash {@code ""} before one was signed. */
    SentTransaction sent() {
        return new SentTransaction(txHash, signed, replaced);
    }

    /** This record with {@code minedHash} (one of the judgement's versions) as the judgement's hash. */
    Mediation mined(String minedHash) {
        if (minedHash.equals(txHash) || !sent().has(minedHash)) return this;
        List<String> others = new ArrayList<>(sent().hashes());
        others.remove(minedHash);
        return new Mediation(
                dealId, requestedAt, verdict, reason, gaveUp, function, minedHash, finalState, reported, "", others);
    }

    Mediation finished(String state) {
        return new Mediation(
                dealId, requestedAt, verdict, reason, gaveUp, function, txHash, state, reported, signed, replaced);
    }

    Mediation reportedToSolver() {
        return new Mediation(
                dealId, requestedAt, verdict, reason, gaveUp, function, txHash, finalState, true, signed, replaced);
    }

    /** Whether the deal has left ResultsChecked. */
    boolean finished() {
        return !finalState.isEmpty();
    }

    /** Whether nothing is left to do: finished, and our judgement (if any) reported to the solver. */
    boolean closed() {
        return finished() && (txHash.isEmpty() || reported);
    }
}
