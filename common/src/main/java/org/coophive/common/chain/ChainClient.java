package org.coophive.common.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coophive.contracts.ServiceType;

/**
 * What a service does on chain, as itself (one key). Services depend on this interface so tests
 * can swap the chain out; {@link Web3ChainClient} is the real one.
 *
 * <p>Every transaction is simulated first: a call the contracts would refuse throws
 * {@link ContractRevertException} naming the contract's error, and nothing is sent. Otherwise the
 * call returns once the transaction is mined and succeeded, or throws: {@link ContractRevertException}
 * (mined, then reverted), {@link TransactionFailedException} (no revert reason),
 * {@link ChainUnavailableException} (the node could not be reached through every retry). Reads
 * retry the same way. All methods are safe to call from several threads.
 *
 * <p>Deal steps take the deal's full {@link DealTerms}; storage views take the deal key
 * ({@link DealTerms#key()}) or the terms.
 */
public interface ChainClient extends AutoCloseable {

    /** This client's own address (EIP-55 checksummed): who every transaction is from. */
    String address();

    /** The contracts this client talks to. */
    ChainAddresses addresses();

    /** The latest block number. */
    long blockNumber();

    /**
     * The timestamp of the latest block: the clock the contracts' timeouts are measured by (it
     * may run ahead of the wall clock, e.g. on a dev chain that travelled in time).
     *
     * @throws UnsupportedOperationException if this client cannot tell (the default)
     */
    default Instant latestBlockTime() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read block times");
    }

    /**
     * What the node knows of a transaction this or another client sent: pending, mined and
     * succeeded, mined and failed, or unknown. For a service that wrote a hash down before a crash
     * ({@link TransactionListener}) and must decide whether to wait or send again.
     *
     * @throws UnsupportedOperationException if this client cannot look transactions up (the default)
     */
    default TxStatus transactionStatus(String txHash) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not look up transactions");
    }

    // ------------------------------------------------------------------ deals

    /** The RP or JC agrees to the deal and locks its collateral (approve the payments contract first). */
    TxResult agree(DealTerms terms);

    /** The RP posts results and locks the results collateral. */
    TxResult addResult(DealTerms terms, Bytes32 resultsId, Bytes32 dataId, BigInteger instructionCount);

    /** The JC accepts the results: the RP is paid. */
    TxResult acceptResult(DealTerms terms);

    /** The JC disputes the results and pays the mediation fee; a mediator is picked. */
    TxResult checkResult(DealTerms terms);

    /** The deal's mediator finds the results correct. */
    TxResult mediationAcceptResult(DealTerms terms);

    /** The deal's mediator finds the results wrong. */
    TxResult mediationRejectResult(DealTerms terms);

    /** Either party, after the agree timeout. */
    TxResult timeoutAgree(DealTerms terms);

    /** The JC, after the submit-results timeout. */
    TxResult timeoutSubmitResults(DealTerms terms);

    /** The RP, after the judge-results timeout. */
    TxResult timeoutJudgeResults(DealTerms terms);

    /** Either party, after the mediate-results timeout. */
    TxResult timeoutMediateResults(DealTerms terms);

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

    // ------------------------------------------------------------------ users

    /** Creates or replaces this account's directory entry. */
    TxResult updateUser(String metadataCid, String url, List<ServiceType> roles);

    /** Lists this account under a role it has. */
    TxResult addUserToList(ServiceType role);

    /** Takes this account off a role's list. */
    TxResult removeUserFromList(ServiceType role);

    /** The directory entry of an account, if it has one. */
    Optional<OnChainUser> getUser(String address);

    /** The accounts listed under a role (in no meaningful order). */
    List<String> showUsersInList(ServiceType role);

    // ------------------------------------------------------------------ on-chain job creator

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

    // ------------------------------------------------------------------ token and ether

    /** Allows {@code spender} to take up to {@code amount} of this account's tokens. */
    TxResult approve(String spender, BigInteger amount);

    /** Allows the escrow (the payments contract) to take up to {@code amount}: needed before agreeing. */
    default TxResult approvePayments(BigInteger amount) {
        return approve(addresses().payments(), amount);
    }

    /** Sends tokens from this account. */
    TxResult transferTokens(String to, BigInteger amount);

    /** What {@code spender} may still take from {@code owner} (wei). */
    BigInteger allowance(String owner, String spender);

    /** The token balance of an account (wei). */
    BigInteger tokenBalanceOf(String address);

    /** The ether balance of an account (wei). */
    BigInteger etherBalanceOf(String address);

    /**
     * Sends ether from this account (a plain transfer, simulated first like every call: a
     * recipient contract that refuses ether throws and nothing is sent).
     *
     * @throws UnsupportedOperationException if this client cannot send ether (the default)
     */
    default TxResult sendEther(String to, BigInteger amount) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not send ether");
    }

    /**
     * Whether code is deployed at the address ({@code eth_getCode}): a contract, not an account
     * someone holds a key for.
     *
     * @throws UnsupportedOperationException if this client cannot tell (the default)
     */
    default boolean hasCode(String address) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read code");
    }

    /** Releases the connection. */
    @Override
    void close();
}
