package org.coophive.jobcreator.deals;

import org.coophive.common.model.DealTransactionsJobCreator;

/**
 * The job creator's transactions, named as the contract functions they call: the deal steps on the
 * controller and the write-backs to the on-chain job creator. A job journals each step's hash under
 * {@link #key()}: the function, the name job files have always used, and for the token approve a
 * step needs, {@code approve:} and that step's function.
 */
public enum Step {
    /** The token allowance {@link #AGREE} needs to lock the payment and judge-results collateral. */
    APPROVE_AGREE("approve", "approve:agree"),
    /** The token allowance {@link #CHECK_RESULT} needs to pay the mediation fee. */
    APPROVE_CHECK_RESULT("approve", "approve:checkResult"),
    AGREE("agree"),
    ACCEPT_RESULT("acceptResult"),
    CHECK_RESULT("checkResult"),
    TIMEOUT_AGREE("timeoutAgree"),
    TIMEOUT_SUBMIT_RESULTS("timeoutSubmitResults"),
    TIMEOUT_MEDIATE_RESULTS("timeoutMediateResults"),
    SUBMIT_RESULTS("submitResults"),
    REFUND_JOB("refundJob");

    private final String function;
    private final String key;

    Step(String function) {
        this(function, function);
    }

    Step(String function, String key) {
        this.function = function;
        this.key = key;
    }

    /** The contract function. */
    public String function() {
        return function;
    }

    /**
     * The key of this step's hash in a job's transactions: the function, or for an approve
     * {@code approve:} and the step it is for.
     */
    public String key() {
        return key;
    }

    /** The solver's bookkeeping body reporting this step's hash; none for the on-chain job creator's steps. */
    DealTransactionsJobCreator report(String hash) {
        return switch (this) {
            case AGREE -> new DealTransactionsJobCreator(hash, null, null, null, null, null);
            case ACCEPT_RESULT -> new DealTransactionsJobCreator(null, hash, null, null, null, null);
            case CHECK_RESULT -> new DealTransactionsJobCreator(null, null, hash, null, null, null);
            case TIMEOUT_AGREE -> new DealTransactionsJobCreator(null, null, null, hash, null, null);
            case TIMEOUT_SUBMIT_RESULTS -> new DealTransactionsJobCreator(null, null, null, null, hash, null);
            case TIMEOUT_MEDIATE_RESULTS -> new DealTransactionsJobCreator(null, null, null, null, null, hash);
            case SUBMIT_RESULTS, REFUND_JOB, APPROVE_AGREE, APPROVE_CHECK_RESULT -> null;
        };
    }

    /** The hash the solver has recorded for this step, {@code ""} if none. */
    String reported(DealTransactionsJobCreator txs) {
        String hash =
                switch (this) {
                    case AGREE -> txs.agree();
                    case ACCEPT_RESULT -> txs.acceptResult();
                    case CHECK_RESULT -> txs.checkResult();
                    case TIMEOUT_AGREE -> txs.timeoutAgree();
                    case TIMEOUT_SUBMIT_RESULTS -> txs.timeoutSubmitResults();
                    case TIMEOUT_MEDIATE_RESULTS -> txs.timeoutMediateResults();
                    case SUBMIT_RESULTS, REFUND_JOB, APPROVE_AGREE, APPROVE_CHECK_RESULT -> "";
                };
        return hash == null ? "" : hash;
    }
}
