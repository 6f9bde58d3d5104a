package org.coophive.common.chain;

import java.math.BigInteger;

/**
 * What a resource provider does on chain: agree (locking its timeout collateral), post results
 * (locking the results collateral) and claim the timeouts that are its to claim.
 */
public interface ResourceProviderSteps extends DealReads, ChainHead, TokenAllowances {

    /** Agrees to the deal and locks the submit-results collateral (approve the payments contract first). */
    TxResult agree(DealTerms terms);

    /** Posts results and locks the results collateral. */
    TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount);

    /** After the agree timeout, when the job creator never agreed: the collateral comes back. */
    TxResult timeoutAgree(DealTerms terms);

    /** After the judge-results timeout: paid as on accept, the JC's timeout collateral slashed. */
    TxResult timeoutJudgeResults(DealTerms terms);

    /** After the mediate-results timeout: everyone gets back what they locked. */
    TxResult timeoutMediateResults(DealTerms terms);
}
