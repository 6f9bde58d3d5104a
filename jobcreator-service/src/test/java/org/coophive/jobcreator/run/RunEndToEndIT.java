package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.jobcreator.deals.EngineSettings;
import org.coophive.jobcreator.deals.FileJobStore;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.JobRequest;
import org.coophive.jobcreator.deals.JobSource;
import org.coophive.jobcreator.deals.MatchExplainer;
import org.coophive.jobcreator.deals.Modules;
import org.coophive.jobcreator.deals.SentTransactionRelay;
import org.coophive.jobcreator.testing.ChainParties;
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on a real chain (Anvil with the deployed contracts), the catalogue's cowsay module,
 * an in-memory solver and the resource provider's on-chain part played with its dev key.
 */
class RunEndToEndIT {

    static final String COW = " _____\n< moo >\n -----\n        \\   ^__^\n         \\  (oo)\\_______\n";

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @TempDir
    Path dataDir;

    ChainParties parties;
    Web3ChainClient jc;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        parties = new ChainParties(chain, DevAccounts.resourceProvider(), dataDir);
    }

    @AfterEach
    void tearDown() {
        parties.rp().close();
        parties.solver.close();
        if (jc != null) jc.close();
    }

    private RunSession session(EngineSettings settings, MatchExplainer explainer) {
        return session(settings, explainer, true);
    }

    private RunSession session(EngineSettings settings, MatchExplainer explainer, boolean othersPlay) {
        SentTransactionRelay relay = new SentTransactionRelay();
        jc = ChainParties.client(chain, DevAccounts.jobCreator(), relay);
        SecureRandom random = new SecureRandom();
        JobCreatorEngine engine = new JobCreatorEngine(
                settings,
                parties.solver,
                jc,
                Modules.any(new ModuleLoader(dataDir.resolve("modules"))),
                new FileJobStore(dataDir.resolve("runs")),
                explainer,
                Clock.systemUTC(),
                () -> random.nextInt(100));
        relay.relayTo(engine.transactionListener());
        if (othersPlay) engine.subscribe(parties.autopilot(Network.SOLVER, Network.MEDIATOR, COW));
        return new RunSession(
                engine,
                Duration.ofMillis(100),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                false);
    }

    private static JobRequest cowsay() {
        return JobRequest.of(
                "cowsay:v0.0.1", ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"), JobSource.CLI);
    }

    @Test
    void shouldPrintTheCowAndLeaveTheBalancesTheContractTablePredictsWhenRunEndToEnd() throws Exception {
        String jcAddress = DevAccounts.jobCreator().address();
        String rpAddress = DevAccounts.resourceProvider().address();
        BigInteger jcBefore = parties.tokensOf(jcAddress);
        BigInteger rpBefore = parties.tokensOf(rpAddress);
        RunSession session = session(Network.settings(dataDir, 0), MatchExplainer.NONE);

        int code = session.run(cowsay(), Duration.ofSeconds(60));

        // The transcript as a user sees it (README.md quotes one).
        System.out.println("--- run transcript (stdout then stderr) ---\n" + out.toString(StandardCharsets.UTF_8)
                + err.toString(StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(COW);
        // One instruction at 1 token: pay = min(C, P) = 1 token from the JC to the RP; every
        // collateral (P, Tj, Ts, R) comes back (ARCHITECTURE.md, acceptResult row).
        assertThat(parties.tokensOf(jcAddress)).isEqualTo(jcBefore.subtract(Network.TOKEN));
        assertThat(parties.tokensOf(rpAddress)).isEqualTo(rpBefore.add(Network.TOKEN));
        Job job = new FileJobStore(dataDir.resolve("runs")).all().get(0);
        assertThat(jc.escrowOf(DealTerms.of(job.deal()))).isZero();
        assertThat(jc.getAgreement(DealTerms.of(job.deal())).state().name()).isEqualTo("RESULTS_ACCEPTED");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Job succeeded", "tx agree", "tx acceptResult");
    }

    @Test
    void shouldExplainWhyWhenNothingMatches() throws Exception {
        // The solver holds one resource offer, with too little RAM for cowsay (128 MB).
        ResourceOffer small = new ResourceOffer(
                "",
                1,
                DevAccounts.resourceProvider().address(),
                0,
                MachineSpec.of(0, 4000, 64),
                List.of(),
                PricingMode.FIXED_PRICE,
                Network.pricing(),
                Network.timeouts(),
                Map.of(),
                Map.of(),
                new TrustedParties(Network.SOLVER, List.of(Network.MEDIATOR)));
        parties.solver.addResourceOffer(small);
        parties.solver.serve();
        RunSession session = session(
                Network.settings(dataDir, 0).withMatchTimeout(Duration.ofSeconds(1)),
                MatchExplainer.of(new HttpSolverClient(
                        parties.solver.url(),
                        new RequestSigner(DevAccounts.jobCreator().credentials()))),
                false);

        int code = session.run(cowsay(), Duration.ofSeconds(30));

        assertThat(code).isEqualTo(ExitCodes.NO_MATCH);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("No match: no resource offer matched within 1 s")
                .contains("ram - needs 128 MB of RAM, offer has 64");
    }
}
