package org.coophive.jobcreator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainClientOptions;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.TransactionListener;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.Result;
import org.coophive.common.solver.FakeSolver;
import org.coophive.contracts.DevAccounts.DevAccount;
import org.coophive.contracts.testing.AnvilNode;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.jobcreator.deals.JobListener;
import org.web3j.utils.Numeric;

/**
 * The parties around a job creator on a real chain, until the real solver and resource provider
 * services exist: an in-memory solver that makes the deal, and the resource provider's on-chain
 * part played with its dev key (agree, then {@code addResult} with a tar made by
 * {@code ResultPackager}).
 */
public final class ChainParties {

    /** What the resource provider does once it agreed. */
    public enum Provider {
        /** Runs the job and posts the results. */
        DELIVERS,
        /** Agrees and then never posts results. */
        VANISHES
    }

    public final FakeSolver solver = new FakeSolver();
    private final ChainFixture chain;
    private final Web3ChainClient rp;
    private final Path workDir;
    public final AtomicReference<Provider> provider = new AtomicReference<>(Provider.DELIVERS);

    public ChainParties(ChainFixture chain, DevAccount resourceProvider, Path workDir) {
        this.chain = chain;
        this.rp = client(chain, resourceProvider, TransactionListener.NONE);
        this.rp.approvePayments(BigInteger.TWO.pow(200));
        this.workDir = workDir;
    }

    public static Web3Properties properties(ChainFixture chain, DevAccount account) {
        return new Web3Properties(
                chain.node().rpcUrl(),
                Numeric.toHexStringWithPrefixZeroPadded(
                        account.credentials().getEcKeyPair().getPrivateKey(), 64),
                AnvilNode.CHAIN_ID,
                chain.addresses().controller());
    }

    public static Web3ChainClient client(ChainFixture chain, DevAccount account, TransactionListener listener) {
        return Web3ChainClient.connect(
                properties(chain, account), ChainClientOptions.defaults().withTransactionListener(listener));
    }

    public Web3ChainClient rp() {
        return rp;
    }

    /** Plays the solver and the resource provider as the job creator reaches each phase. */
    public JobListener autopilot(String solverAddress, String mediator, String stdout) {
        return (job, event) -> {
            switch (event.phase()) {
                case OFFER_POSTED -> Network.match(
                        solver,
                        job.offerId(),
                        solverAddress,
                        rp.address(),
                        List.of(mediator),
                        Network.pricing(),
                        Network.timeouts(),
                        MachineSpec.of(0, 4000, 8192));
                case AGREED -> rp.agree(DealTerms.of(job.deal()));
                case RUNNING -> {
                    if (provider.get() == Provider.DELIVERS) deliver(job.deal(), stdout);
                }
                default -> {}
            }
        };
    }

    /** The RP's results: a result directory packed deterministically, posted at the solver and committed on chain. */
    public void deliver(Deal deal, String stdout) {
        try {
            Path dir = Files.createTempDirectory(workDir, "rp-");
            Files.writeString(dir.resolve("stdout"), stdout);
            Files.writeString(dir.resolve("stderr"), "");
            Files.writeString(dir.resolve("exitCode"), "0");
            Files.createDirectories(dir.resolve("outputs"));
            String dataId = Network.postResult(solver, deal.id(), dir, 1);
            Result result = new Result("", deal.id(), dataId, "", 1);
            Bytes32 resultsId = Bytes32.of(ContentIds.digest(ContentIds.of(result)));
            rp.addResult(DealTerms.of(deal), resultsId, Bytes32.of(ContentIds.digest(dataId)), BigInteger.ONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public BigInteger tokensOf(String address) throws Exception {
        return chain.tokensOf(address);
    }
}
