package org.coophive.common.chain;

/**
 * Everything a key can do on chain: the union of the roles ({@link ResourceProviderSteps},
 * {@link JobCreatorSteps}, {@link MediatorSteps}, {@link OnChainJobManager}, {@link UserDirectory},
 * {@link Wallet}, each over {@link DealReads}, {@link ChainHead} and {@link TokenAllowances}).
 * {@link Web3ChainClient} is the real one; a service class depends on the narrowest role it uses,
 * so a test fake or a reader sees only that.
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
public interface ChainClient
        extends ResourceProviderSteps,
                JobCreatorSteps,
                MediatorSteps,
                OnChainJobManager,
                UserDirectory,
                Wallet,
                AutoCloseable {

    /** Releases the connection. */
    @Override
    void close();
}
