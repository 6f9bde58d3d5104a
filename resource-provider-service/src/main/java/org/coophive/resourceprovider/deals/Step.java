package org.coophive.resourceprovider.deals;

import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.reconcile.ContractStep;

/** The provider's transactions for a deal, named as the controller functions they call. */
enum Step implements ContractStep {
    /**
     * The token allowance for the escrow that {@link #AGREE} or {@link #ADD_RESULT} needs to lock
     * collateral: journaled on the deal whose step needs it, so a restart looks it up instead of
     * sending it again. Not reported to the solver.
     */
    APPROVE("approve"),
    AGREE("agree"),
    ADD_RESULT("addResult"),
    TIMEOUT_AGREE("timeoutAgree"),
    TIMEOUT_JUDGE_RESULTS("timeoutJudgeResults"),
    TIMEOUT_MEDIATE_RESULTS("timeoutMediateResults");

    final String function;

    Step(String function) {
        this.function = function;
    }

    @Override
    public String function() {
        return function;
    }

    /** Whether the solver keeps this step's hash ({@link #report}). */
    boolean reportedToSolver() {
        return this != APPROVE;
    }

    /** Whether the step locks collateral of the provider, so the escrow must be allowed to take it first. */
    boolean locksCollateral() {
        return this == AGREE || this == ADD_RESULT;
    }

    /** The solver's bookkeeping body reporting this step's hash. */
    DealTransactionsResourceProvider report(String txHash) {
        return switch (this) {
            case APPROVE -> throw new IllegalStateException("an approve is not reported to the solver");
            case AGREE -> new DealTransactionsResourceProvider(txHash, "", "", "", "");
            case ADD_RESULT -> new DealTransactionsResourceProvider("", txHash, "", "", "");
            case TIMEOUT_AGREE -> new DealTransactionsResourceProvider("", "", txHash, "", "");
            case TIMEOUT_JUDGE_RESULTS -> new DealTransactionsResourceProvider("", "", "", txHash, "");
            case TIMEOUT_MEDIATE_RESULTS -> new DealTransactionsResourceProvider("", "", "", "", txHash);
        };
    }

    /** The hash the solver has recorded for this step, {@code ""} if none. */
    String reported(DealTransactionsResourceProvider txs) {
        return switch (this) {
            case APPROVE -> "";
            case AGREE -> txs.agree();
            case ADD_RESULT -> txs.addResult();
            case TIMEOUT_AGREE -> txs.timeoutAgree();
            case TIMEOUT_JUDGE_RESULTS -> txs.timeoutJudgeResults();
            case TIMEOUT_MEDIATE_RESULTS -> txs.timeoutMediateResults();
        };
    }
}
