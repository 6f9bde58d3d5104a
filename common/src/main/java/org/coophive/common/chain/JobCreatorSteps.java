package org.coophive.common.chain;

/**
 * What a job creator does on chain: agree (locking the payment and timeout collateral), judge
 * the results (accept, or check and pay the mediation fee) and claim the timeouts that are its to
 * claim.
 */
public interface JobCreatorSteps extends DealReads, ChainHead, TokenAllowances {

    /** Agrees to the deal and locks the payment and judge-results collateral (approve first). */
    TxResult agree(DealTerms terms);

    /** Accepts the results: the RP is paid. */
    TxResult acceptResult(DealTerms terms);

    /** Disputes the results and pays the mediation fee; a mediator is picked. */
    TxResult checkResult(DealTerms terms);

    /** After the agree timeout, when the resource provider never agreed: the collateral comes back. */
    TxResult timeoutAgree(DealTerms terms);

    /** After the submit-results timeout: refunded in full, the RP's timeout collateral slashed. */
    TxResult timeoutSubmitResults(DealTerms terms);

    /** After the mediate-results timeout: everyone gets back what they locked. */
    TxResult timeoutMediateResults(DealTerms terms);
}
