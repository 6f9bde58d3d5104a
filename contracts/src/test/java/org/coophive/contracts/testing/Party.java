package org.coophive.contracts.testing;

import java.io.IOException;
import java.math.BigInteger;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ContractAddresses;
import org.coophive.contracts.ContractErrors;
import org.coophive.contracts.ContractErrors.DecodedError;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveMediationRandom;
import org.coophive.contracts.generated.CoopHiveOnChainJobCreator;
import org.coophive.contracts.generated.CoopHivePayments;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.generated.CoopHiveToken;
import org.coophive.contracts.generated.CoopHiveUsers;
import org.coophive.contracts.generated.ExampleClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.Contract;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * One account on the test chain with every CoopHive contract loaded for it: calls through
 * these wrappers are sent (and signed) by this account.
 */
public final class Party {

    private final String name;
    private final Credentials credentials;
    private final Web3j web3j;
    private final FastRawTransactionManager transactions;
    private final CoopHiveController controller;
    private final CoopHiveToken token;
    private final CoopHivePayments payments;
    private final CoopHiveStorage storage;
    private final CoopHiveUsers users;
    private final CoopHiveMediationRandom mediation;
    private final CoopHiveOnChainJobCreator jobCreator;
    private final ExampleClient exampleClient;

    Party(String name, Credentials credentials, ChainConnection chain, ContractAddresses at, ContractGasProvider gas) {
        this.name = name;
        this.credentials = credentials;
        this.web3j = chain.web3j();
        this.transactions = chain.transactionManager(credentials);
        this.controller = CoopHiveController.load(at.controller(), web3j, transactions, gas);
        this.token = CoopHiveToken.load(at.token(), web3j, transactions, gas);
        this.payments = CoopHivePayments.load(at.payments(), web3j, transactions, gas);
        this.storage = CoopHiveStorage.load(at.storage(), web3j, transactions, gas);
        this.users = CoopHiveUsers.load(at.users(), web3j, transactions, gas);
        this.mediation = CoopHiveMediationRandom.load(at.mediation(), web3j, transactions, gas);
        this.jobCreator = CoopHiveOnChainJobCreator.load(at.jobCreator(), web3j, transactions, gas);
        this.exampleClient = ExampleClient.load(at.exampleClient(), web3j, transactions, gas);
    }

    public String name() {
        return name;
    }

    /** The address in lower case, as web3j reports addresses in events. */
    public String address() {
        return credentials.getAddress();
    }

    public Credentials credentials() {
        return credentials;
    }

    public FastRawTransactionManager transactions() {
        return transactions;
    }

    public CoopHiveController controller() {
        return controller;
    }

    public CoopHiveToken token() {
        return token;
    }

    public CoopHivePayments payments() {
        return payments;
    }

    public CoopHiveStorage storage() {
        return storage;
    }

    public CoopHiveUsers users() {
        return users;
    }

    public CoopHiveMediationRandom mediation() {
        return mediation;
    }

    public CoopHiveOnChainJobCreator jobCreator() {
        return jobCreator;
    }

    public ExampleClient exampleClient() {
        return exampleClient;
    }

    /** This account's token balance. */
    public BigInteger tokens() throws Exception {
        return token.balanceOf(address()).send();
    }

    /**
     * Simulates {@code call} on {@code contract} as this account against the next block and
     * returns the custom error it reverts with. Fails when the call would succeed or reverts
     * without a known error. Nothing is sent, so nothing changes on chain.
     */
    public DecodedError revertOf(Contract contract, RemoteFunctionCall<?> call) throws IOException {
        EthCall result = web3j.ethCall(
                        Transaction.createEthCallTransaction(
                                address(), contract.getContractAddress(), call.encodeFunctionCall()),
                        DefaultBlockParameterName.PENDING)
                .send();
        if (!result.hasError() && !result.isReverted()) {
            throw new AssertionError(name + "'s call to " + contract.getClass().getSimpleName() + " did not revert");
        }
        String data = result.hasError() ? String.valueOf(result.getError().getData()) : result.getRevertReason();
        return ContractErrors.catalogue()
                .decode(stripQuotes(data))
                .orElseThrow(() -> new AssertionError("reverted without a known custom error: "
                        + (result.hasError() ? result.getError().getMessage() : "") + " data " + data));
    }

    private static String stripQuotes(String data) {
        return data == null ? null : data.replace("\"", "");
    }

    /** Forgets the locally tracked nonce, after the chain was reverted to a snapshot. */
    void resetNonce() throws IOException {
        transactions.resetNonce();
    }

    @Override
    public String toString() {
        return name + " " + address();
    }
}
