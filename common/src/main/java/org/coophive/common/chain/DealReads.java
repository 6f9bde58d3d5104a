package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.Optional;

/** Where deals stand on chain: storage's agreements and results, the escrow, the picked mediator. */
public interface DealReads extends ChainAccount {

    /** Where a deal stands; a deal nobody agreed to reads as not {@link OnChainAgreement#exists()}. */
    OnChainAgreement getAgreement(Bytes32 dealKey);

    /** Where the deal with these terms stands. */
    default OnChainAgreement getAgreement(DealTerms terms) {
        return getAgreement(terms.key());
    }

    /** The results the RP committed to, if any. */
    Optional<OnChainResult> getResult(Bytes32 dealKey);

    /** The results the RP committed to for the deal with these terms, if any. */
    default Optional<OnChainResult> getResult(DealTerms terms) {
        return getResult(terms.key());
    }

    /** The tokens the escrow holds for the deal (wei). */
    BigInteger escrowOf(Bytes32 dealKey);

    /** The tokens the escrow holds for the deal with these terms (wei). */
    default BigInteger escrowOf(DealTerms terms) {
        return escrowOf(terms.key());
    }

    /** The mediator picked for the deal, once the JC checked its results. */
    Optional<String> getMediator(Bytes32 dealKey);

    /** The mediator picked for the deal with these terms, once the JC checked its results. */
    default Optional<String> getMediator(DealTerms terms) {
        return getMediator(terms.key());
    }
}
