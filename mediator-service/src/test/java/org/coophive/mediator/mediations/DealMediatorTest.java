package org.coophive.mediator.mediations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.FakeChain;
import org.coophive.common.testing.FakeChain.Failure;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.ExecutionException;
import org.coophive.executor.ExecutionResult;
import org.coophive.executor.ResultLimits;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.executor.results.ResultPackager;
import org.coophive.executor.testing.FakeExecutor;
import org.coophive.mediator.testing.TestDeals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DealMediatorTest {

    private static final String SOLVER = DevAccounts.solver().address();
    private static final String JOB_CREATOR = DevAccounts.jobCreator().address();
    private static final String RESOURCE_PROVIDER =
            DevAccounts.resourceProvider().address();
    private static final String MEDIATOR = DevAccounts.mediator().address();
    private static final String OTHER_MEDIATOR = DevAccounts.directory().address();

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    private final FakeChain chain = new FakeChain();
    /** The mediator's own client. */
    private final FakeChain.Account account = chain.as(MEDIATOR);

    private final FakeSolver solver = new FakeSolver();
    private final FakeExecutor executor = new FakeExecutor();
    private SimpleMeterRegistry registry;
    private MediationJournal journal;
    private DealMediator mediator;

    private Deal deal = cowsay("moo");
    private DealTerms terms = DealTerms.of(deal);

    @BeforeEach
    void start() {
        executor.stdout("moo\n"); // what the honest provider's result says
        restart();
    }

    /** A new mediator process over the same data directory and the same chain and solver. */
    private void restart() {
        registry = new SimpleMeterRegistry();
        journal = new MediationJournal(dataDir.resolve("mediations"));
        account.listener(journal);
        MediationMetrics metrics =
                new MediationMetrics(registry, () -> journal.openDealIds().size());
        ResultVerifier verifier = new ResultVerifier(
                solver, new ModuleLoader(dataDir.resolve("modules")), executor, dataDir.resolve("work"), metrics);
        mediator = new DealMediator(account, solver, verifier, journal, metrics, Clock.systemUTC());
    }

    // ------------------------------------------------------------------ verdicts

    @Test
    void shouldAcceptWhenTheRerunGivesThePostedDataId() throws Exception {
        disputed(postFiles(result("moo\n", 0)));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_ACCEPTED);
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(executor.lastJobId()).isEqualTo("mediation-" + deal.id());
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(record.closed()).isTrue();
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(record.txHash(), ""));
        assertThat(outcomes("accepted")).isEqualTo(1);
        assertThat(registry.get("coophive.mediator.mediation.time")
                        .tag("outcome", "accepted")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldRejectWhenTheRerunGivesAnotherDataId() throws Exception {
        disputed(postFiles(result("a wrong answer\n", 0)));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_REJECTED);
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.reason()).contains("re-run").contains("gave data id");
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator("", record.txHash()));
        assertThat(outcomes("rejected")).isEqualTo(1);
    }

    @Test
    void shouldRejectWithoutRerunWhenTheFilesDoNotMatchThePostedDataId() throws Exception {
        String posted = ContentIds.ofFile(pack(result("moo\n", 0)));
        solver.putFiles(deal.id(), pack(result("something else\n", 0)));
        disputed(posted);

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(executor.runs()).isZero();
        assertThat(journal.find(deal.id()).orElseThrow().reason()).contains("not the data id " + posted);
    }

    @Test
    void shouldRejectWhenTheProviderUploadedNoFiles() throws Exception {
        disputed(ContentIds.ofFile(pack(result("moo\n", 0))));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(journal.find(deal.id()).orElseThrow().reason()).contains("no result files");
    }

    @Test
    void shouldRejectWhenTheResultTarHoldsALink() throws Exception {
        Path tar = scratch.resolve("evil.tar");
        try (OutputStream file = Files.newOutputStream(tar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            TarArchiveEntry link = new TarArchiveEntry("stdout", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }
        solver.putFiles(deal.id(), tar);
        disputed(ContentIds.ofFile(tar));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(executor.runs()).isZero();
        assertThat(journal.find(deal.id()).orElseThrow().reason()).contains("unsafe entry");
    }

    @Test
    void shouldAcceptWithoutRerunWhenTheModuleCannotBeVerifiedByRerunning() throws Exception {
        useDeal(module("sdxl:v0.2.9", Map.of()));
        disputed(postFiles(result("an image, different every time\n", 0)));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(executor.runs()).isZero();
        assertThat(journal.find(deal.id()).orElseThrow().reason())
                .contains("verification none")
                .contains("exit code 0");
    }

    @Test
    void shouldRejectUnverifiableModuleResultsThatAreNotAResult() throws Exception {
        useDeal(module("sdxl:v0.2.9", Map.of()));
        Path dir = scratch.resolve("outputs-only");
        Files.createDirectories(dir.resolve("outputs"));
        Files.writeString(dir.resolve("outputs/image.png"), "png");
        disputed(postFiles(dir));

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(journal.find(deal.id()).orElseThrow().reason()).contains("no stdout file");
    }

    // ------------------------------------------------------------------ not ours, not trusted

    @Test
    void shouldDoNothingWhenAnotherMediatorWasPicked() throws Exception {
        useDeal(TestDeals.deal(
                SOLVER,
                JOB_CREATOR,
                RESOURCE_PROVIDER,
                List.of(MEDIATOR, OTHER_MEDIATOR),
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                Map.of("Message", "moo"),
                1));
        String posted = postFiles(result("moo\n", 0));
        solver.putDeal(TestDeals.container(deal, AgreementState.RESULTS_CHECKED, OTHER_MEDIATOR));
        chain.pickMediator(OTHER_MEDIATOR);
        chain.drive(terms, AgreementState.RESULTS_CHECKED, onChain(posted));

        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        assertThat(executor.runs()).isZero();
        assertThat(journal.find(deal.id())).isEmpty();
    }

    @Test
    void shouldDoNothingWhenTheSolverServesADealThatDoesNotHashToItsId() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        Deal tampered = cowsay("a message nobody agreed to").withId(deal.id());
        solver.putDeal(TestDeals.container(tampered, AgreementState.RESULTS_CHECKED, MEDIATOR));

        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        assertThat(executor.runs()).isZero();
    }

    @Test
    void shouldFinishWithoutJudgingWhenAPartyClaimedTheMediateTimeout() throws Exception {
        String posted = postFiles(result("moo\n", 0));
        solver.putDeal(TestDeals.container(deal, AgreementState.RESULTS_CHECKED, MEDIATOR));
        chain.drive(terms, AgreementState.TIMEOUT_MEDIATE_RESULTS, onChain(posted));

        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        assertThat(executor.runs()).isZero();
        assertThat(journal.find(deal.id()).orElseThrow().closed()).isTrue();
        assertThat(outcomes("timed_out")).isEqualTo(1);
        assertThat(solver.mediatorReports()).isEmpty();
    }

    // ------------------------------------------------------------------ no verdict (yet)

    @Test
    void shouldJudgeOnALaterPassWhenTheEngineWasUnavailable() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        executor.failWith(new ExecutionException(ExecutionException.Reason.ENGINE_UNAVAILABLE, "no engine"));

        mediator.mediate(deal.id());
        assertThat(account.calls()).isEmpty();
        assertThat(registry.counter("coophive.mediator.deferrals").count()).isEqualTo(1);

        executor.failWith(null);
        mediator.mediate(deal.id());
        assertThat(account.calls()).containsExactly("mediationAcceptResult");
    }

    @Test
    void shouldJudgeOnALaterPassWhenTheSolverWasDown() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        solver.down(true);

        mediator.mediate(deal.id());
        assertThat(account.calls()).isEmpty();

        solver.down(false);
        mediator.mediate(deal.id());
        assertThat(account.calls()).containsExactly("mediationAcceptResult");
    }

    @Test
    void shouldGiveUpWithoutRerunningAgainWhenTheRerunTimesOut() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        executor.endWith(ExecutionResult.Outcome.TIMED_OUT, -1);

        mediator.mediate(deal.id());
        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(journal.find(deal.id()).orElseThrow().gaveUp()).isTrue();
        assertThat(journal.openDealIds()).containsExactly(deal.id()); // until the timeout is claimed
    }

    // ------------------------------------------------------------------ the mediator's own limits

    @Test
    void shouldGiveNoVerdictAgainstTheProviderWhenItsOwnLogLimitIsSmallerThanTheProviders() throws Exception {
        String printed = "moo ".repeat(50) + "\n";
        disputed(postFiles(result(printed, 0))); // the provider kept its whole stdout
        executor.stdout(printed);
        executor.limits(new ResultLimits(1 << 20, 64)); // this mediator keeps 64 bytes of it

        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.gaveUp()).isTrue();
        assertThat(record.verdict()).isNull();
        assertThat(record.reason()).contains("this mediator's own JOB_LOGS_LIMIT");
    }

    @Test
    void shouldGiveNoVerdictAgainstTheProviderWhenTheRerunGoesOverItsOwnOutputsLimit() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        executor.limits(new ResultLimits(1024, 1 << 20));
        executor.endWith(ExecutionResult.Outcome.OUTPUTS_TOO_LARGE, 0);

        mediator.mediate(deal.id());

        assertThat(account.calls()).isEmpty();
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.gaveUp()).isTrue();
        assertThat(record.reason())
                .contains("this mediator's own outputs limit")
                .contains("JOB_OUTPUTS_LIMIT");
    }

    @Test
    void shouldAcceptWhenTheProvidersSmallerLogLimitCutTheRerunsLogTheSameWay() throws Exception {
        String printed = "moo ".repeat(50) + "\n";
        Path provider = Files.createTempDirectory(scratch, "result");
        FakeExecutor.writeResult(provider, printed, 0, new ResultLimits(1 << 20, 64));
        disputed(postFiles(provider));
        executor.stdout(printed); // this mediator keeps it whole

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(journal.find(deal.id()).orElseThrow().reason()).contains("cut where the provider's limit cut them");
    }

    @Test
    void shouldRejectWhenTheProvidersCutLogDiffersFromTheRerunsCutTheSameWay() throws Exception {
        Path provider = Files.createTempDirectory(scratch, "result");
        FakeExecutor.writeResult(provider, "baa ".repeat(50) + "\n", 0, new ResultLimits(1 << 20, 64));
        disputed(postFiles(provider));
        executor.stdout("moo ".repeat(50) + "\n");

        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
    }

    // ------------------------------------------------------------------ exactly once across restarts

    @Test
    void shouldWaitForAJournaledJudgementThatIsStillPending() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.CRASH_PENDING);
        assertThatThrownBy(() -> mediator.mediate(deal.id())).hasMessageContaining("crashed");
        String hash = journal.find(deal.id()).orElseThrow().txHash();
        assertThat(account.transactionStatus(hash)).isEqualTo(TxStatus.PENDING);

        restart();
        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationAcceptResult"); // the pending one, not another
        assertThat(chain.state(terms)).contains(AgreementState.RESULTS_CHECKED);
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(journal.find(deal.id()).orElseThrow().txHash()).isEqualTo(hash);
    }

    @Test
    void shouldReplaceAJournaledJudgementWithBumpedFeesWhenItStaysUnderpricedAfterARestart() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.CRASH_PENDING);
        assertThatThrownBy(() -> mediator.mediate(deal.id())).hasMessageContaining("crashed");
        String first = journal.find(deal.id()).orElseThrow().txHash();
        chain.underprice(first); // the pool keeps it and will not mine it, as geth does

        restart();
        mediator.mediate(deal.id());

        // Replaced with the same nonce, both versions journaled; the verdict is not judged again.
        List<String> versions = chain.versions(first);
        assertThat(versions).hasSize(2);
        String replacement = versions.get(1);
        assertThat(journal.find(deal.id()).orElseThrow().sent().hashes()).containsExactly(first, replacement);
        mediator.mediate(deal.id());
        assertThat(chain.versions(first)).hasSize(2);

        chain.mine(replacement);
        mediator.mediate(deal.id());

        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_ACCEPTED);
        assertThat(account.calls()).containsExactly("mediationAcceptResult", "mediationAcceptResult");
        assertThat(account.transactionStatus(first)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(replacement, ""));
    }

    @Test
    void shouldFinishWithoutSendingAgainWhenTheJournaledJudgementWasMined() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.CRASH_AFTER_MINING);
        assertThatThrownBy(() -> mediator.mediate(deal.id())).hasMessageContaining("crashed");
        String hash = journal.find(deal.id()).orElseThrow().txHash();

        restart();
        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(executor.runs()).isEqualTo(1);
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.closed()).isTrue();
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(hash, ""));
        assertThat(outcomes("accepted")).isEqualTo(1);
    }

    @Test
    void shouldSendTheJournaledVerdictAgainWithoutRerunningWhenTheJudgementWasDropped() throws Exception {
        disputed(postFiles(result("wrong\n", 0)));
        account.nextSend(Failure.CRASH_BEFORE_DELIVERY);
        assertThatThrownBy(() -> mediator.mediate(deal.id())).hasMessageContaining("crashed");
        String dropped = journal.find(deal.id()).orElseThrow().txHash();
        executor.stdout("wrong\n"); // a second re-run would now accept: it must not happen

        restart();
        mediator.mediate(deal.id());

        assertThat(account.calls()).containsExactly("mediationRejectResult");
        assertThat(executor.runs()).isEqualTo(1);
        Mediation record = journal.find(deal.id()).orElseThrow();
        assertThat(record.txHash()).isNotEqualTo(dropped);
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator("", record.txHash()));
    }

    @Test
    void shouldDeliverTheJournaledJudgementAgainUnchangedWhenTheNodeLostItAcrossARestart() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.CRASH_PENDING);
        assertThatThrownBy(() -> mediator.mediate(deal.id())).hasMessageContaining("crashed");
        Mediation before = journal.find(deal.id()).orElseThrow();
        assertThat(before.signed()).isEqualTo(FakeChain.signedBytesOf(before.txHash()));
        chain.drop(before.txHash()); // the node forgets it while the mediator is down

        restart();
        mediator.mediate(deal.id());

        // The same bytes are pending again: the judgement is not sent anew, not re-run.
        assertThat(account.transactionStatus(before.txHash())).isEqualTo(TxStatus.PENDING);
        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        chain.mine(before.txHash());
        mediator.mediate(deal.id());

        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_ACCEPTED);
        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(journal.find(deal.id()).orElseThrow().closed()).isTrue();
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(before.txHash(), ""));
    }

    @Test
    void shouldReportTheVersionMinedWhenTheJudgementWasReplacedAndTheFirstVersionWasMined() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.SLOW_RECEIPT);
        CompletableFuture<Void> judging = CompletableFuture.runAsync(() -> mediator.mediate(deal.id()));
        Await.until(Duration.ofSeconds(10), "the judgement in the pool", () -> !chain.pending()
                .isEmpty());
        String first = chain.pending().get(0);

        String replacement = chain.replace(first);
        assertThat(journal.find(deal.id()).orElseThrow().sent().hashes()).containsExactly(first, replacement);
        chain.mine(first); // another node had the first version and mined it
        judging.get(10, TimeUnit.SECONDS);

        assertThat(account.transactionStatus(replacement)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_ACCEPTED);
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(first, ""));
        assertThat(outcomes("accepted")).isEqualTo(1);
        restart();
        mediator.mediate(deal.id());
        assertThat(account.calls()).containsExactly("mediationAcceptResult", "mediationAcceptResult");
        assertThat(executor.runs()).isEqualTo(1);
        assertThat(journal.find(deal.id()).orElseThrow().txHash()).isEqualTo(first);
    }

    @Test
    void shouldWaitForAnyVersionOfAReplacedJudgementAfterARestartAndSendNothingNew() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.nextSend(Failure.SLOW_RECEIPT);
        DealMediator before = mediator;
        Thread judging = new Thread(() -> before.mediate(deal.id()));
        judging.start();
        Await.until(Duration.ofSeconds(10), "the judgement in the pool", () -> !chain.pending()
                .isEmpty());
        String first = chain.pending().get(0);
        String replacement = chain.replace(first);
        // kill -9 while both versions are pending; the node then loses the replacement
        judging.interrupt();
        judging.join(10_000);
        assertThat(judging.isAlive()).isFalse();
        chain.drop(replacement);

        restart();
        mediator.mediate(deal.id());
        mediator.mediate(deal.id());
        assertThat(account.calls()).containsExactly("mediationAcceptResult", "mediationAcceptResult");

        chain.mine(first);
        mediator.mediate(deal.id());
        assertThat(chain.state(terms)).contains(AgreementState.MEDIATION_ACCEPTED);
        assertThat(account.calls()).hasSize(2);
        assertThat(journal.find(deal.id()).orElseThrow().txHash()).isEqualTo(first);
        assertThat(solver.mediatorReports()).containsExactly(new DealTransactionsMediator(first, ""));
    }

    @Test
    void shouldReportTheJudgementOnALaterPassWhenTheSolverWentDownAfterSending() throws Exception {
        disputed(postFiles(result("moo\n", 0)));
        account.listener((function, dealId, hash) -> {
            journal.signed(function, dealId, hash);
            solver.down(true); // the solver goes down while the judgement is being mined
        });

        mediator.mediate(deal.id());
        assertThat(account.calls()).containsExactly("mediationAcceptResult");
        assertThat(solver.mediatorReports()).isEmpty();
        assertThat(journal.openDealIds()).containsExactly(deal.id());

        solver.down(false);
        mediator.mediate(deal.id());
        assertThat(solver.mediatorReports()).hasSize(1);
        assertThat(journal.openDealIds()).isEmpty();
        assertThat(account.calls()).hasSize(1);
        assertThat(outcomes("accepted")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private static Deal cowsay(String message) {
        return module("cowsay:v0.0.1", Map.of("Message", message));
    }

    private static Deal module(String name, Map<String, String> inputs) {
        return TestDeals.deal(
                SOLVER, JOB_CREATOR, RESOURCE_PROVIDER, List.of(MEDIATOR), ModuleConfig.shortcut(name), inputs, 1);
    }

    private void useDeal(Deal deal) {
        this.deal = deal;
        this.terms = DealTerms.of(deal);
    }

    /** The deal is disputed: in ResultsChecked with this mediator picked, the RP having posted {@code dataId}. */
    private void disputed(String dataId) {
        DealContainer container = TestDeals.container(deal, AgreementState.RESULTS_CHECKED, MEDIATOR);
        solver.putDeal(container);
        chain.drive(terms, AgreementState.RESULTS_CHECKED, onChain(dataId));
    }

    /** The 32 bytes a data id is committed as on chain. */
    private static Bytes32 onChain(String dataId) {
        return Bytes32.of(ContentIds.digest(dataId));
    }

    private Path result(String stdout, int exitCode) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "result");
        FakeExecutor.writeResult(dir, stdout, exitCode);
        return dir;
    }

    private Path pack(Path resultDir) throws IOException {
        return ResultPackager.pack(resultDir, resultDir.resolveSibling(resultDir.getFileName() + ".tar"))
                .tar();
    }

    /** The RP uploads the tar of {@code resultDir}; returns its data id. */
    private String postFiles(Path resultDir) throws IOException {
        Path tar = pack(resultDir);
        solver.putFiles(deal.id(), tar);
        return ContentIds.ofFile(tar);
    }

    private double outcomes(String outcome) {
        return registry.counter("coophive.mediator.mediations", "outcome", outcome)
                .count();
    }
}
