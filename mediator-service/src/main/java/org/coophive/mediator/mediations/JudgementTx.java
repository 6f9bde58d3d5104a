package org.coophive.mediator.mediations;

import org.coophive.common.reconcile.ContractStep;

/** The mediator's transactions: a judgement, named as the controller function it calls. */
enum JudgementTx implements ContractStep {
    ACCEPT("mediationAcceptResult"),
    REJECT("mediationRejectResult");

    private final String function;

    JudgementTx(String function) {
        this.function = function;
    }

    @Override
    public String function() {
        return function;
    }
}
