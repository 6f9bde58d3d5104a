package org.coophive.resourceprovider.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * The network around a resource provider under test: a real chain ({@link ChainFixture}), a solver
 * ({@link FakeSolver} served over HTTP, following deal states on that chain as the real solver does), and
 * the job creator's side driven by the test with its dev key (approve, agree, accept). The
 * scenarios talk to the provider only through these, so they can later run against the real solver.
 */
public final class NetworkScenario implements AutoCloseable {

    public static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    public final ChainFixture chain;
    public final FakeSolver solver;
    /** The job creator's own chain client. */
    public final Web3ChainClient jc;

    private final Web3ChainClient solverView;

    public NetworkScenario(ChainFixture chain) throws IOException {
        this.chain = chain;
        this.jc = Web3ChainClient.connect(properties(DevAccounts.jobCreator()));
        this.solverView = Web3ChainClient.connect(properties(DevAccounts.solver()));
        this.solver = new FakeSolver(DevAccounts.solver().address()).serve();
        solver.followStates(deal -> {
            OnChainAgreement agreement = solverView.getAgreement(DealTerms.of(deal.deal()));
            return agreement.exists() ? Optional.of(agreement.state()) : Optional.empty();
        });
        jc.approvePayments(UNLIMITED);
    }

    public Web3Properties properties(DevAccount account) {
        return new Web3Properties(
                chain.node().rpcUrl(),
                Numeric.toHexStringWithPrefixZeroPadded(
                        account.credentials().getEcKeyPair().getPrivateKey(), 64),
                AnvilNode.CHAIN_ID,
                chain.addresses().controller());
    }

    /** What a resource provider with the RP dev key needs to run against this network. */
    public Map<String, String> providerEnvironment(Path dataDir) {
        Web3Properties web3 = properties(DevAccounts.resourceProvider());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WEB3_RPC_URL", web3.rpcUrl());
        env.put("WEB3_PRIVATE_KEY", web3.privateKey());
        env.put("WEB3_CHAIN_ID", Long.toString(web3.chainId()));
        env.put("WEB3_CONTROLLER_ADDRESS", web3.controllerAddress());
        env.put("SERVICE_SOLVER", DevAccounts.solver().address());
        env.put("SERVICE_MEDIATORS", DevAccounts.mediator().address());
        env.put("SERVICE_SOLVER_URL", solver.url().toString());
        env.put("DATA_DIR", dataDir.toString());
        env.put("RECONCILE_INTERVAL", "200ms");
        return env;
    }

    public String resourceProvider() {
        return DevAccounts.resourceProvider().address();
    }

    /** Waits for the provider's offer, then posts a job offer that the solver matches with it. */
    public DealContainer postJob(String module, Map<String, String> inputs) {
        // Includes the provider's start: a JVM of its own takes long on a busy machine.
        Await.until(Duration.ofSeconds(120), "the provider's resource offer", () -> !solver.resourceOffers(
                        ResourceOfferQuery.byResourceProvider(resourceProvider())
                                .notMatchedOnly())
                .isEmpty());
        JobOffer job = Offers.job(
                DevAccounts.jobCreator().address(),
                DevAccounts.solver().address(),
                List.of(DevAccounts.mediator().address()),
                module,
                inputs);
        return solver.match(job);
    }

    public DealTerms terms(DealContainer deal) {
        return DealTerms.of(deal.deal());
    }

    public OnChainAgreement agreement(DealContainer deal) {
        return solverView.getAgreement(terms(deal));
    }

    public void awaitState(DealContainer deal, AgreementState state, Duration timeout) {
        Await.until(
                timeout,
                "deal " + deal.id() + " in " + state,
                () -> agreement(deal).state() == state);
    }

    public void awaitProviderAgreed(DealContainer deal) {
        Await.until(Duration.ofSeconds(30), "the provider to agree", () -> agreement(deal)
                .resourceProviderAgreed());
    }

    /** Token balance in wei. */
    public BigInteger tokens(String address) {
        return jc.tokenBalanceOf(address);
    }

    public BigInteger escrow(DealContainer deal) {
        return jc.escrowOf(terms(deal));
    }

    /** How many {@code ResultAdded} events the chain holds for the deal. */
    public long resultsAdded(DealContainer deal) throws IOException {
        EthFilter filter = new EthFilter(
                DefaultBlockParameterName.EARLIEST,
                DefaultBlockParameterName.LATEST,
                jc.addresses().storage());
        filter.addSingleTopic(EventEncoder.encode(CoopHiveStorage.RESULTADDED_EVENT));
        filter.addSingleTopic(terms(deal).key().hex());
        return chain.chain().web3j().ethGetLogs(filter).send().getLogs().size();
    }

    public ChainClient solverView() {
        return solverView;
    }

    public static boolean sameAddress(String a, String b) {
        return Addresses.equal(a, b);
    }

    @Override
    public void close() {
        solver.close();
        jc.close();
        solverView.close();
    }
}
