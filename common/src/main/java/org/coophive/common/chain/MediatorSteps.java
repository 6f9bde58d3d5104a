package org.coophive.common.chain;

/** What a mediator does on chain: judge the deals it was picked for. */
public interface MediatorSteps extends DealReads, ChainHead {

    /** The deal's mediator finds the results correct. */
    TxResult mediationAcceptResult(DealTerms terms);

    /** The deal's mediator finds the results wrong. */
    TxResult mediationRejectResult(DealTerms terms);
}
