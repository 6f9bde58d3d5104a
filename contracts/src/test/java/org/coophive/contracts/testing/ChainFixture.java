package org.coophive.contracts.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ContractAddresses;
import org.coophive.contracts.Deployer;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.web3j.crypto.Credentials;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Convert;

/**
 * A local Anvil chain with every CoopHive contract deployed by the dev admin and 100,000 tokens
 * given to each named dev account (the treasury starts empty). Tests take a {@link #snapshot()}
 * before each case and {@link #revert} after it, so one deployment serves a whole class.
 */
public final class ChainFixture implements AutoCloseable {

    /** Tokens each named dev account other than admin and treasury receives. */
    public static final BigInteger TOKENS_PER_ACCOUNT = tokens(100_000);

    private final AnvilNode node;
    private final ChainConnection chain;
    private final ContractAddresses addresses;
    private final ContractGasProvider gas;
    private final Map<String, Party> parties = new LinkedHashMap<>();

    private ChainFixture(AnvilNode node, ChainConnection chain, ContractAddresses addresses, ContractGasProvider gas) {
        this.node = node;
        this.chain = chain;
        this.addresses = addresses;
        this.gas = gas;
    }

    /** Starts Anvil, deploys the contracts with the dev defaults and funds the dev accounts. */
    public static ChainFixture start() throws Exception {
        return start(Deployer.Options.devDefaults());
    }

    /** Starts Anvil and deploys the contracts with the given options. */
    public static ChainFixture start(Deployer.Options options) throws Exception {
        AnvilNode node = AnvilNode.start();
        try {
            ChainConnection chain = ChainConnection.open(node.rpcUrl(), AnvilNode.CHAIN_ID);
            Credentials admin = DevAccounts.admin().credentials();
            ContractAddresses addresses = new Deployer(
                            chain.web3j(), chain.transactionManager(admin), chain.deployGas(), chain.callGas())
                    .deploy(options);
            ChainFixture fixture = new ChainFixture(node, chain, addresses, chain.callGas());
            for (DevAccount account : DevAccounts.all()) {
                if (account.index() == 0 || account.equals(DevAccounts.treasury())) continue;
                fixture.admin()
                        .token()
                        .transfer(account.address(), TOKENS_PER_ACCOUNT)
                        .send();
            }
            return fixture;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    /** {@code n} whole tokens in wei. */
    public static BigInteger tokens(long n) {
        return Convert.toWei(BigInteger.valueOf(n).toString(), Convert.Unit.ETHER)
                .toBigIntegerExact();
    }

    public AnvilNode node() {
        return node;
    }

    public ChainConnection chain() {
        return chain;
    }

    public ContractAddresses addresses() {
        return addresses;
    }

    /** The named dev account as a party with every contract loaded. */
    public synchronized Party party(DevAccount account) {
        return parties.computeIfAbsent(
                account.name(), name -> new Party(name, account.credentials(), chain, addresses, gas));
    }

    /**
     * An extra account beyond the named ones (index 8 and up of the test mnemonic), with ether
     * from Anvil but no tokens.
     */
    public synchronized Party extra(int index) {
        if (index < DevAccounts.NAMES.size()) throw new IllegalArgumentException("index " + index + " is named");
        return parties.computeIfAbsent(
                "extra" + index, name -> new Party(name, DevAccounts.deriveKey(index), chain, addresses, gas));
    }

    public Party admin() {
        return party(DevAccounts.admin());
    }

    public Party solver() {
        return party(DevAccounts.solver());
    }

    public Party mediator() {
        return party(DevAccounts.mediator());
    }

    public Party resourceProvider() {
        return party(DevAccounts.resourceProvider());
    }

    public Party jobCreator() {
        return party(DevAccounts.jobCreator());
    }

    public Party directory() {
        return party(DevAccounts.directory());
    }

    public Party faucet() {
        return party(DevAccounts.faucet());
    }

    public Party treasury() {
        return party(DevAccounts.treasury());
    }

    /** Token balance of any address. */
    public BigInteger tokensOf(String address) throws Exception {
        return admin().token().balanceOf(address).send();
    }

    /** Tokens held by the escrow (the Payments contract). */
    public BigInteger escrowBalance() throws Exception {
        return tokensOf(addresses.payments());
    }

    /** The escrow one deal holds. */
    public BigInteger escrowOf(byte[] dealId) throws Exception {
        return admin().payments().escrowOf(dealId).send();
    }

    public String snapshot() throws IOException {
        return node.snapshot();
    }

    /** Returns the chain to a snapshot and resynchronises every party's nonce. */
    public synchronized void revert(String snapshotId) throws IOException {
        node.revert(snapshotId);
        for (Party party : parties.values()) party.resetNonce();
    }

    public void increaseTime(long seconds) throws IOException {
        node.increaseTime(seconds);
    }

    @Override
    public void close() {
        chain.close();
        node.close();
    }
}
