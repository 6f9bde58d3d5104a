package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The on-chain job creator contract as the account that controls it (the job creator service)
 * sees it: the deposit a contract pays per job, the jobs contracts asked for, and their completion
 * or refund.
 */
public interface OnChainJobManager extends ChainAccount {

    /** Sets what a contract pays per job (this account must control the on-chain job creator). */
    TxResult setRequiredDeposit(BigInteger deposit);

    /** What a contract pays per job (wei). */
    BigInteger getRequiredDeposit();

    /** Completes a job: this account is paid its deposit and the calling contract gets the results. */
    TxResult submitResults(BigInteger jobId, Bytes32 dealId, String dataId);

    /** Gives up on a job: its payee gets the deposit back. */
    TxResult refundJob(BigInteger jobId);

    /** A job a contract asked for, if it exists. */
    Optional<OnChainJob> getJob(BigInteger jobId);
}
