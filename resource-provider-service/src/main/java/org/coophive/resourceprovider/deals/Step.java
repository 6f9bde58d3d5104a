package org.coophive.resourceprovider.deals;

import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.reconcile.ContractStep;

/** The provider's transactions for a deal, named as the controller functions they call. */
enum Step implements ContractStep {
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

    /** The solver's bookkeeping body reporting this step's hash. */
    DealTransactionsResourceProvider report(String txHash) {
        return switch (this) {
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
            case AGREE -> txs.agree();
            case ADD_RESULT -> txs.addResult();
            case TIMEOUT_AGREE -> txs.timeoutAgree();
            case TIMEOUT_JUDGE_RESULTS -> txs.timeoutJudgeResults();
            case TIMEOUT_MEDIATE_RESULTS -> txs.timeoutMediateResults();
        };
    }
}
