package org.coophive.contracts.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.coophive.contracts.ChainConnection;
import org.coophive.contracts.ContractAddresses;
import org.coophive.contracts.Deployer;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.web3j.crypto.Credentials;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * A local Anvil chain with every CoopHive contract deployed by the dev admin and 100,000 tokens
 * given to each named dev account (the treasury starts empty).
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final ChainFixture chain =
 * ChainFixture.perClass();}) it starts before a class's {@code @BeforeAll} methods, takes a
 * snapshot before each test and reverts to it afterwards (so one deployment serves the whole
 * class and what a class's {@code @BeforeAll} sets up is kept), and stops Anvil after the class.
 * {@link #start()} gives a fixture to manage by hand.
 */
public final class ChainFixture
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** Tokens each named dev account other than admin and treasury receives. */
    public static final BigInteger TOKENS_PER_ACCOUNT = tokens(100_000);

    private final Deployer.Options options;
    private final Map<String, Party> parties = new LinkedHashMap<>();
    private AnvilNode node;
    private ChainConnection chain;
    private ContractAddresses addresses;
    private ContractGasProvider gas;
    private String testSnapshot;

    private ChainFixture(Deployer.Options options) {
        this.options = options;
    }

    /** A fixture for {@code @RegisterExtension}: started for, and stopped after, one test class. */
    public static ChainFixture perClass() {
        return new ChainFixture(Deployer.Options.devDefaults());
    }

    /** Starts Anvil, deploys the contracts with the dev defaults and funds the dev accounts. */
    public static ChainFixture start() throws Exception {
        return start(Deployer.Options.devDefaults());
    }

    /** Starts Anvil and deploys the contracts with the given options. */
    public static ChainFixture start(Deployer.Options options) throws Exception {
        ChainFixture fixture = new ChainFixture(options);
        fixture.boot();
        return fixture;
    }

    private void boot() throws Exception {
        node = AnvilNode.start();
        try {
            chain = ChainConnection.open(node.rpcUrl(), AnvilNode.CHAIN_ID);
            Credentials admin = DevAccounts.admin().credentials();
            addresses = new Deployer(chain.web3j(), chain.transactionManager(admin), chain.deployGas(), chain.callGas())
                    .deploy(options);
            gas = chain.callGas();
            for (DevAccount account : DevAccounts.all()) {
                if (account.index() == 0 || account.equals(DevAccounts.treasury())) continue;
                admin().token().transfer(account.address(), TOKENS_PER_ACCOUNT).send();
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        boot();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        testSnapshot = snapshot();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        revert(testSnapshot);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code n} whole tokens in wei. */
    public static BigInteger tokens(long n) {
        return Convert.toWei(BigInteger.valueOf(n).toString(), Convert.Unit.ETHER)
                .toBigIntegerExact();
    }

    /**
     * The command-line arguments that point a service at this chain as {@code account} (the four
     * {@code WEB3_*} variables), followed by {@code more}: what a test passes to a Spring application.
     */
    public String[] web3Arguments(DevAccount account, String... more) {
        return Stream.concat(
                        Stream.of(
                                "--WEB3_RPC_URL=" + node.rpcUrl(),
                                "--WEB3_CHAIN_ID=" + AnvilNode.CHAIN_ID,
                                "--WEB3_PRIVATE_KEY="
                                        + Numeric.toHexStringNoPrefixZeroPadded(
                                                account.credentials()
                                                        .getEcKeyPair()
                                                        .getPrivateKey(),
                                                64),
                                "--WEB3_CONTROLLER_ADDRESS=" + addresses.controller()),
                        Stream.of(more))
                .toArray(String[]::new);
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
        if (chain != null) chain.close();
        if (node != null) node.close();
    }
}
