package org.coophive.resourceprovider.config;

import org.coophive.common.chain.ChainUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The chain node could not be reached at startup: one line saying so, not a stack trace. */
class ChainUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<ChainUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ChainUnavailableException cause) {
        return new FailureAnalysis(
                cause.getMessage(), "Start the chain node or fix WEB3_RPC_URL (--web3-rpc-url).", cause);
    }
}
