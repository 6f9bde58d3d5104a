package org.coophive.mediator.mediations;

import java.util.Objects;
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
        boolean reported)
        implements StepJournal.Entry<JudgementTx, Mediation> {

    Mediation {
        Objects.requireNonNull(dealId, "dealId");
        reason = reason == null ? "" : reason;
        function = function == null ? "" : function;
        txHash = txHash == null ? "" : txHash;
        finalState = finalState == null ? "" : finalState;
    }

    static Mediation requested(String dealId, long requestedAt) {
        return new Mediation(dealId, requestedAt, null, "", false, "", "", "", false);
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
                reported);
    }

    Mediation givenUp(String why) {
        return new Mediation(dealId, requestedAt, verdict, why, true, function, txHash, finalState, reported);
    }

    Mediation signed(String function, String txHash) {
        return new Mediation(dealId, requestedAt, verdict, reason, gaveUp, function, txHash, finalState, false);
    }

    @Override
    public Mediation withSent(JudgementTx step, String txHash) {
        return signed(step.function(), txHash);
    }

    Mediation finished(String state) {
        return new Mediation(dealId, requestedAt, verdict, reason, gaveUp, function, txHash, state, reported);
    }

    Mediation reportedToSolver() {
        return new Mediation(dealId, requestedAt, verdict, reason, gaveUp, function, txHash, finalState, true);
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
