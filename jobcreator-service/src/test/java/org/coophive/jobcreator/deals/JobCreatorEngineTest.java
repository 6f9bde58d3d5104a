package org.coophive.jobcreator.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.ModuleConfig;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.FakeChain;
import org.coophive.common.testing.FakeChain.Failure;
import org.coophive.contracts.AgreementState;
import org.coophive.executor.JobSpec;
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JobCreatorEngineTest {

    @TempDir
    Path dataDir;

    Network net;
    JobStore store;
    JobCreatorEngine engine;

    @BeforeEach
    void setUp() {
        net = new Network(dataDir);
        store = new FileJobStore(dataDir.resolve("jobs"));
        engine = net.engine(Network.settings(dataDir, 0), store);
    }

    private Job submit() throws InvalidJobException {
        return engine.submit(JobRequest.of(
                "cowsay:v0.0.1", ModuleConfig.shortcut("cowsay:v0.0.1"), Map.of("Message", "moo"), JobSource.API));
    }

    @Test
    void shouldRefuseToStartNamingTheFileWhenAJobFileIsUnreadable() throws Exception {
        // It used to log the file and go on without the job, forgetting a deal that may hold money.
        Job kept = submit();
        Path file = dataDir.resolve("jobs").resolve(kept.id() + ".json");
        java.nio.file.Files.writeString(file, "{\"id\":");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileJobStore(dataDir.resolve("jobs")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("cannot be read");
    }

    private Job job(Job job) {
        return engine.find(job.id()).orElseThrow();
    }

    @Test
    void shouldKnowTheDealOfAMatchedJobAndNoOther() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));

        engine.pass();

        assertThat(job(job).dealId()).isEqualTo(deal.id());
        assertThat(engine.hasDeal(deal.id())).isTrue();
        assertThat(engine.hasDeal("QmNotADealOfThisJobCreator")).isFalse();
        assertThat(engine.hasDeal(""))
                .as("the deal id of a job not matched yet")
                .isFalse();
    }

    /** Posts, matches, agrees on both sides and has the RP post results; returns the deal. */
    private Deal upToResults(Job job, String stdout, int exitCode) {
        engine.pass();
        Deal deal = net.match(job(job));
        engine.pass();
        net.rp.agree(DealTerms.of(deal));
        engine.pass();
        net.postResult(deal, stdout, exitCode);
        return deal;
    }

    @Test
    @Timeout(60) // a pass that waited for the slow receipt itself would hang here
    void shouldTakeAnotherJobToAcceptedWhileOneJobWaitsForItsReceiptAndNeverOnAStaleListing() throws Exception {
        try (WorkLanes lanes = WorkLanes.pooled("jobcreator-job-test", 4)) {
            engine = net.engine(Network.settings(dataDir, 0), store, lanes);
            Job slow = submit();
            engine.pass();
            Await.until(Duration.ofSeconds(10), "the slow job's offer", () -> job(slow)
                    .offerPosted());
            Deal slowDeal = net.match(job(slow));
            net.rp.agree(DealTerms.of(slowDeal));
            net.jc.failNext("agree", Failure.SLOW_RECEIPT);
            engine.pass();
            Await.until(
                    Duration.ofSeconds(10),
                    "the slow agree sent",
                    () -> net.chain.pending().size() == 1);
            String slowAgree = net.chain.pending().get(0);

            net.clock.advance(Duration.ofSeconds(1)); // another offer, not the same one again
            Job fast = submit();
            engine.pass();
            Await.until(Duration.ofSeconds(10), "the other job's offer", () -> job(fast)
                    .offerPosted());
            Deal fastDeal = net.match(job(fast));
            net.rp.agree(DealTerms.of(fastDeal));
            // Past the match timeout: only a decision on a listing from before the match would say NO_MATCH.
            net.clock.advance(Duration.ofSeconds(61));
            Await.until(Duration.ofSeconds(20), "the other deal agreed", () -> {
                engine.pass();
                return net.jc.getAgreement(DealTerms.of(fastDeal)).state() == AgreementState.DEAL_AGREED;
            });
            net.postResult(fastDeal, "< moo >\n", 0);
            Await.until(Duration.ofSeconds(20), "the other job accepted", () -> {
                engine.pass();
                return !job(fast).active();
            });

            assertThat(job(fast).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(net.chain.pending()).containsExactly(slowAgree);
            assertThat(job(slow).active()).isTrue();
            net.chain.mine(slowAgree);
            Await.until(Duration.ofSeconds(20), "the slow job running", () -> {
                engine.pass();
                return job(slow).reached(Phase.RUNNING);
            });
            assertThat(net.jc.count("agree")).isEqualTo(2);
            assertThat(store.all()).noneMatch(j -> j.outcome() == Outcome.NO_MATCH);
        }
    }

    @Test
    void shouldAgreeDownloadAcceptAndPayWhenTheDealGoesWell() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "< moo >\n", 0);

        engine.pass();

        Job done = job(job);
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.phases())
                .extracting(PhaseEvent::phase)
                .containsExactly(
                        Phase.SUBMITTED,
                        Phase.OFFER_POSTED,
                        Phase.MATCHED,
                        Phase.AGREED,
                        Phase.RUNNING,
                        Phase.RESULTS_POSTED,
                        Phase.DOWNLOADED,
                        Phase.ACCEPTED,
                        Phase.PAID,
                        Phase.FINISHED);
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "acceptResult");
        assertThat(Path.of(done.result().directory()).resolve("stdout")).hasContent("< moo >");
        assertThat(done.cost()).isEqualTo(Network.TOKEN.multiply(BigInteger.TWO));
        assertThat(net.solver.transactions(deal.id()).jobCreator().agree())
                .isEqualTo(done.transactions().get("agree"));
        assertThat(net.solver.transactions(deal.id()).jobCreator().acceptResult())
                .isEqualTo(done.transactions().get("acceptResult"));
    }

    /** Posts, matches and agrees on both sides; returns the deal, agreed and running. */
    private Deal upToRunning(Job job) {
        engine.pass();
        Deal deal = net.match(job(job));
        engine.pass();
        net.rp.agree(DealTerms.of(deal));
        engine.pass();
        assertThat(job(job).reached(Phase.RUNNING)).isTrue();
        return deal;
    }

    @Test
    void shouldAgreeTheNextJobsWithoutAnApproveOnceTheFirstAgreesApproveAllowedThem() throws Exception {
        for (String message : List.of("one", "two", "three")) {
            upToRunning(engine.submit(JobRequest.of(
                    "cowsay:v0.0.1",
                    ModuleConfig.shortcut("cowsay:v0.0.1"),
                    Map.of("Message", message),
                    JobSource.API)));
        }

        // One approve, mined before the first agree; the next agrees go out at once.
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "agree", "agree");
    }

    @Test
    void shouldFetchTheResultWhileAddResultMinesAndAcceptItOnChainWithoutDownloadingAgain() throws Exception {
        Job job = submit();
        Deal deal = upToRunning(job);
        String dataId = net.postResultAtSolver(deal, "< moo >\n", 0);

        engine.heard(Network.resultPostedEvent(deal));
        engine.pass();

        Job fetched = job(job);
        assertThat(Path.of(fetched.result().directory()).resolve("stdout")).hasContent("< moo >");
        assertThat(fetched.reached(Phase.DOWNLOADED)).isFalse();
        assertThat(net.jc.calls()).containsExactly("approve", "agree"); // nothing accepted before the chain has it
        assertThat(net.solver.downloads()).hasSize(1);

        net.addResultOnChain(deal, dataId);
        engine.pass();

        Job done = job(job);
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.phases())
                .extracting(PhaseEvent::phase)
                .containsSubsequence(Phase.RUNNING, Phase.RESULTS_POSTED, Phase.DOWNLOADED, Phase.ACCEPTED);
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "acceptResult");
        assertThat(net.solver.downloads()).hasSize(1);
    }

    @Test
    void shouldDownloadAgainAndJudgeWhatTheChainHoldsWhenItDiffersFromTheResultFetchedAhead() throws Exception {
        Job job = submit();
        Deal deal = upToRunning(job);
        net.postResultAtSolver(deal, "< first >\n", 0);
        engine.heard(Network.resultPostedEvent(deal));
        engine.pass();
        assertThat(job(job).result()).isNotNull();

        // The provider posts another result and commits to that one on chain.
        String committed = net.postResultAtSolver(deal, "< second >\n", 0);
        net.addResultOnChain(deal, committed);
        engine.pass();

        Job done = job(job);
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.result().dataId()).isEqualTo(committed);
        assertThat(Path.of(done.result().directory()).resolve("stdout")).hasContent("< second >");
        assertThat(net.solver.downloads()).hasSize(2);
    }

    @Test
    void shouldNotFetchAheadWithoutTheSolversWordThatTheResultIsPosted() throws Exception {
        Job job = submit();
        Deal deal = upToRunning(job);
        net.postResultAtSolver(deal, "moo", 0);

        engine.pass(); // a pass for any other reason

        assertThat(job(job).result()).isNull();
        assertThat(net.solver.downloads()).isEmpty();
        // The same deal id named with another job creator: not this one's word.
        engine.heard(SolverEvent.of(
                SolverEvent.EventType.DEAL_RESULT_POSTED,
                new DealContainer(deal.id(), net.rp.address(), net.rp.address(), "", "", null, deal, null, "")));
        engine.pass();

        assertThat(job(job).result()).isNull();
        assertThat(net.solver.downloads()).isEmpty();
    }

    @Test
    void shouldCallTheOutcomeFinalAtOnceWhenNoConfirmationsAreAsked() throws Exception {
        Job job = submit();
        upToResults(job, "< moo >\n", 0);

        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(job(job).isFinal()).isTrue();
    }

    @Test
    void shouldCallTheOutcomeFinalOnlyAfterTheConfirmationsAndAcceptAgainWhenTheChainRollsTheAcceptBack()
            throws Exception {
        net.chain.confirmations(2);
        Job job = submit();
        Deal deal = upToResults(job, "< moo >\n", 0);
        DealTerms terms = DealTerms.of(deal);
        FakeChain.Snapshot beforeAccept = net.chain.snapshot();
        engine.pass();
        assertThat(job(job).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(job(job).isFinal()).isFalse();
        String rolledBack = job(job).transactions().get("acceptResult");

        // A reorganisation drops the block with the accept: the deal is back at its results.
        net.chain.rollBack(beforeAccept);
        engine.pass();

        Job again = job(job);
        assertThat(net.jc.count("acceptResult")).isEqualTo(2);
        assertThat(again.transactions().get("acceptResult")).isNotEqualTo(rolledBack);
        assertThat(net.chain.state(terms)).contains(AgreementState.RESULTS_ACCEPTED);
        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.isFinal()).isFalse();

        net.chain.mineEmptyBlocks(1);
        engine.pass();
        assertThat(job(job).isFinal()).isFalse();
        net.chain.mineEmptyBlocks(1);
        engine.pass();

        assertThat(job(job).isFinal()).isTrue();
        assertThat(job(job).cost()).isEqualTo(Network.TOKEN.multiply(BigInteger.TWO));
        assertThat(net.chain.escrowOf(terms)).isZero();
        assertThat(net.jc.count("acceptResult")).isEqualTo(2);
    }

    @Test
    void shouldEndAsJobFailedWhenTheJobExitsNonZero() throws Exception {
        Job job = submit();
        upToResults(job, "oops", 3);

        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.JOB_FAILED);
        assertThat(job(job).message()).contains("exited with code 3");
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
    }

    @Test
    void shouldRefuseWhenTheModuleCannotBeLoaded() {
        assertThatThrownBy(() -> engine.submit(
                        JobRequest.of("nope:v1", ModuleConfig.shortcut("nope:v1"), Map.of(), JobSource.API)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("unknown module");
    }

    @Test
    void shouldNotAgreeAndSayWhyWhenTheDealAsksMoreThanOffered() throws Exception {
        Job job = submit();
        engine.pass();
        var expensive = new org.coophive.common.model.DealPricing(
                Network.TOKEN, Network.TOKEN.multiply(BigInteger.TEN), 2, Network.TOKEN);
        net.match(
                job(job),
                expensive,
                Network.timeouts(),
                List.of(Network.MEDIATOR),
                org.coophive.common.model.MachineSpec.of(0, 2000, 1024));

        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.TERMS_REFUSED);
        assertThat(job(job).message()).contains("payment collateral 10 tokens is above ours 2 tokens");
        assertThat(net.jc.calls()).isEmpty();
    }

    @Test
    void shouldAskAMediatorWhenDrawnByTheMediationChance() throws Exception {
        engine = net.engine(Network.settings(dataDir, 100), store);
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);

        engine.pass();

        // agree used up the allowance; the mediation fee needs its own
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "approve", "checkResult");
        assertThat(job(job).phases())
                .extracting(PhaseEvent::phase)
                .contains(Phase.CHECKED)
                .doesNotContain(Phase.ACCEPTED);
        assertThat(job(job).message()).contains("mediation chance 100%");

        net.mediator.mediationAcceptResult(DealTerms.of(deal));
        engine.pass();
        assertThat(job(job).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(job(job).reached(Phase.MEDIATED)).isTrue();
    }

    @Test
    void shouldAcceptWhenTheMediationChanceIsZero() throws Exception {
        net.dice = 0;
        Job job = submit();
        upToResults(job, "moo", 0);

        engine.pass();

        assertThat(net.jc.count("checkResult")).isZero();
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
    }

    @Test
    void shouldNeverDisputeByChanceWhenTheModuleCannotBeVerified() throws Exception {
        net.verification = JobSpec.Verification.NONE;
        engine = net.engine(Network.settings(dataDir, 100), store);
        Job job = submit();
        upToResults(job, "a sampled answer", 0);

        engine.pass();

        assertThat(job(job).verification()).isEqualTo("none");
        assertThat(net.jc.count("checkResult")).isZero();
        assertThat(job(job).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void shouldAskAMediatorWhenTheDownloadedTarIsNotTheResult() throws Exception {
        net.verification = JobSpec.Verification.NONE;
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.solver.putFiles(deal.id(), new byte[10240]);

        engine.pass();

        assertThat(net.jc.count("checkResult")).isEqualTo(1);
        assertThat(job(job).message()).contains("differs from the result's");

        net.mediator.mediationRejectResult(DealTerms.of(deal));
        engine.pass();
        assertThat(job(job).outcome()).isEqualTo(Outcome.RESULTS_REJECTED);
    }

    @Test
    void shouldAskAMediatorWhenTheDownloadFailsForGood() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.solver.removeFiles(deal.id());

        engine.pass();
        engine.pass();
        assertThat(net.jc.count("checkResult")).isZero();
        engine.pass();

        assertThat(net.jc.count("checkResult")).isEqualTo(1);
        assertThat(job(job).downloadFailures()).isEqualTo(3);
    }

    @Test
    void shouldClaimTheSubmitTimeoutWhenTheProviderNeverPostsResults() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));
        engine.pass();
        net.rp.agree(DealTerms.of(deal));
        engine.pass();
        assertThat(net.jc.count("timeoutSubmitResults")).isZero();

        net.chain.advance(3601);
        engine.pass();

        assertThat(net.jc.count("timeoutSubmitResults")).isEqualTo(1);
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.TIMEOUT_SUBMIT_RESULTS);
        assertThat(job(job).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(job(job).reached(Phase.CLAIMED)).isTrue();
        assertThat(net.solver.transactions(deal.id()).jobCreator().timeoutSubmitResults())
                .isNotEmpty();
    }

    @Test
    void shouldClaimTheAgreeTimeoutWhenTheProviderNeverAgrees() throws Exception {
        Job job = submit();
        engine.pass();
        net.match(job(job));
        engine.pass();

        net.chain.advance(3601);
        engine.pass();

        assertThat(net.jc.count("timeoutAgree")).isEqualTo(1);
        assertThat(job(job).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(job(job).message()).contains("did not agree in time");
    }

    @Test
    void shouldClaimTheMediateTimeoutWhenNoMediatorAnswers() throws Exception {
        engine = net.engine(Network.settings(dataDir, 100), store);
        Job job = submit();
        upToResults(job, "moo", 0);
        engine.pass();
        assertThat(net.jc.count("checkResult")).isEqualTo(1);

        net.chain.advance(3601);
        engine.pass();

        assertThat(net.jc.count("timeoutMediateResults")).isEqualTo(1);
        assertThat(job(job).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(job(job).message()).contains("no mediator");
    }

    @Test
    void shouldEndTimedOutWithoutAnErrorWhenTheProviderClaimsTheMediateTimeoutFirst() throws Exception {
        engine = net.engine(Network.settings(dataDir, 100), store);
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        engine.pass();
        net.chain.advance(3601);
        net.chain.raceNext(Network.JC, "timeoutMediateResults", () -> net.rp.timeoutMediateResults(DealTerms.of(deal)));

        PassReport report = engine.pass();
        engine.pass();

        assertThat(report.failures()).isEmpty();
        assertThat(job(job).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(job(job).transactions()).doesNotContainKey("timeoutMediateResults");
    }

    @Test
    void shouldEndWithTheSolversExplanationWhenNothingMatches() throws Exception {
        Job job = submit();
        engine.pass();

        net.clock.advance(Duration.ofSeconds(61));
        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(job(job).message()).contains("within 60 s").contains("cpu - needs 1000 milli-CPU, offer has 500");
    }

    @Test
    void shouldNotSendASecondTransactionWhenRestartedWhileTheStepIsPending() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.jc.nextSend(FakeChain.Failure.NEVER_MINED);
        PassReport report = engine.pass();
        assertThat(report.chainDown()).isPresent();
        assertThat(job(job).transactions()).containsKey("acceptResult");

        // kill -9 and restart: a new engine over the same files
        JobStore reopened = new FileJobStore(dataDir.resolve("jobs"));
        JobCreatorEngine restarted = net.engine(Network.settings(dataDir, 0), reopened);
        restarted.pass();
        restarted.pass();
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);

        net.chain.minePending();
        restarted.pass();
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
        assertThat(restarted.find(job.id()).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    void shouldDeliverTheJournaledAcceptAgainUnchangedWhenTheNodeLostItAcrossARestart() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.jc.failNext("acceptResult", Failure.CRASH_PENDING);
        engine.pass();
        String hash = job(job).transactions().get("acceptResult");
        assertThat(job(job).signedTransactions().get("acceptResult").signed()).isEqualTo(FakeChain.signedBytesOf(hash));
        net.chain.drop(hash); // the node forgets it while the job creator is down

        // kill -9 and restart: a new engine over the same files
        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();
        restarted.pass();

        // The same bytes are pending again (same nonce): not a second accept, no gap filled.
        assertThat(net.chain.pending()).containsExactly(hash);
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
        net.chain.minePending();
        restarted.pass();
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
        Job done = restarted.find(job.id()).orElseThrow();
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.transactions()).containsEntry("acceptResult", hash);
        assertThat(done.cost()).isEqualTo(Network.TOKEN.multiply(BigInteger.TWO));
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    @Timeout(60)
    void shouldTakeTheVersionMinedWhenItsAcceptWasReplacedAndNotSendItAgainAfterARestart() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.jc.failNext("acceptResult", Failure.SLOW_RECEIPT);
        Thread passing = new Thread(engine::pass);
        passing.start();
        Await.until(Duration.ofSeconds(10), "the accept in the pool", () -> !net.chain
                .pending()
                .isEmpty());
        String first = net.chain.pending().get(0);

        String replacement = net.chain.replace(first); // dropped or underpriced: a gas bump, same nonce
        assertThat(job(job).signedTransactions().get("acceptResult").hashes()).containsExactly(first, replacement);
        net.chain.mine(first); // the first version was mined after all (another node still had it)
        passing.join(20_000);

        assertThat(net.jc.transactionStatus(replacement)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(job(job).transactions()).containsEntry("acceptResult", first);
        assertThat(net.solver.transactions(deal.id()).jobCreator().acceptResult())
                .isEqualTo(first);
        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();
        restarted.pass();
        Job done = restarted.find(job.id()).orElseThrow();
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "acceptResult", "acceptResult");
        assertThat(done.cost()).isEqualTo(Network.TOKEN.multiply(BigInteger.TWO));
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    void shouldReplaceTheJournaledAcceptWithBumpedFeesWhenItStaysUnderpricedAcrossARestart() throws Exception {
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.jc.failNext("acceptResult", Failure.CRASH_PENDING);
        engine.pass();
        String first = job(job).transactions().get("acceptResult");
        net.chain.underprice(first); // the pool keeps it and will not mine it, as geth does

        // kill -9 and restart: a new engine over the same files
        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();

        // Replaced with the same nonce, both versions journaled on the job; not a second step.
        List<String> versions = net.chain.versions(first);
        assertThat(versions).hasSize(2);
        String replacement = versions.get(1);
        assertThat(restarted
                        .find(job.id())
                        .orElseThrow()
                        .signedTransactions()
                        .get("acceptResult")
                        .hashes())
                .containsExactly(first, replacement);
        restarted.pass();
        assertThat(net.chain.versions(first)).hasSize(2);

        net.chain.mine(replacement);
        restarted.pass();
        restarted.pass();

        Job done = restarted.find(job.id()).orElseThrow();
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.transactions()).containsEntry("acceptResult", replacement);
        assertThat(net.jc.calls()).containsExactly("approve", "agree", "acceptResult", "acceptResult");
        assertThat(net.jc.transactionStatus(first)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(done.cost()).isEqualTo(Network.TOKEN.multiply(BigInteger.TWO));
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.RESULTS_ACCEPTED);
    }

    @Test
    void shouldReplaceTheJournaledApproveWithBumpedFeesWhenItStaysUnderpricedAcrossARestart() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));
        net.jc.failNext("approve", FakeChain.Failure.CRASH_PENDING);
        engine.pass();
        String first = job(job).transaction(Step.APPROVE_AGREE).orElseThrow();
        net.chain.underprice(first);

        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();

        List<String> versions = net.chain.versions(first);
        assertThat(versions).hasSize(2);
        assertThat(restarted
                        .find(job.id())
                        .orElseThrow()
                        .signedTransactions()
                        .get("approve:agree")
                        .hashes())
                .containsExactly(first, versions.get(1));
        assertThat(net.jc.count("agree")).isZero();

        net.chain.mine(versions.get(1));
        restarted.pass();

        assertThat(net.jc.calls()).containsExactly("approve", "approve", "agree");
        assertThat(net.chain.as(Network.JC).getAgreement(DealTerms.of(deal)).jobCreatorAgreed())
                .isTrue();
    }

    @Test
    void shouldWaitForThePendingApproveInsteadOfApprovingAgainWhenRestartedBeforeTheAgree() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));
        net.jc.failNext("approve", FakeChain.Failure.CRASH_PENDING);
        engine.pass();
        String approve = job(job).transaction(Step.APPROVE_AGREE).orElseThrow();
        assertThat(net.jc.count("agree")).isZero();

        // kill -9 and restart: the approve is journaled with the agree it is for
        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();
        restarted.pass();
        assertThat(net.jc.count("approve")).isEqualTo(1);
        assertThat(net.jc.count("agree")).isZero();

        net.chain.mine(approve);
        restarted.pass();

        assertThat(net.jc.count("approve")).isEqualTo(1);
        assertThat(net.jc.count("agree")).isEqualTo(1);
        assertThat(net.chain.as(Network.JC).getAgreement(DealTerms.of(deal)).jobCreatorAgreed())
                .isTrue();
        assertThat(restarted.find(job.id()).orElseThrow().transactions())
                .containsEntry("approve:agree", approve)
                .containsKey("agree");
    }

    @Test
    void shouldNotApproveAgainWhenRestartedBetweenTheMinedApproveAndTheAgree() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));
        net.jc.failNext("approve", FakeChain.Failure.CRASH_AFTER_MINING);
        engine.pass();
        assertThat(net.jc.count("agree")).isZero();

        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();

        assertThat(net.jc.count("approve")).isEqualTo(1);
        assertThat(net.jc.count("agree")).isEqualTo(1);
        assertThat(net.chain.as(Network.JC).getAgreement(DealTerms.of(deal)).jobCreatorAgreed())
                .isTrue();
    }

    @Test
    void shouldWaitForThePendingApproveOfTheMediationFeeWhenRestartedBeforeTheCheck() throws Exception {
        engine = net.engine(Network.settings(dataDir, 100), store);
        Job job = submit();
        Deal deal = upToResults(job, "moo", 0);
        net.jc.failNext("approve", FakeChain.Failure.CRASH_PENDING);
        engine.pass();
        String approve = job(job).transaction(Step.APPROVE_CHECK_RESULT).orElseThrow();

        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 100), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();
        restarted.pass();
        assertThat(net.jc.count("approve")).isEqualTo(2); // the agree's, then the fee's
        assertThat(net.jc.count("checkResult")).isZero();

        net.chain.mine(approve);
        restarted.pass();

        assertThat(net.jc.count("approve")).isEqualTo(2);
        assertThat(net.jc.count("checkResult")).isEqualTo(1);
        assertThat(net.chain.state(DealTerms.of(deal))).contains(AgreementState.RESULTS_CHECKED);
    }

    @Test
    void shouldJournalTheHashOnTheJobBeforeTheNodeHasItAndSendAgainWhenItNeverArrived() throws Exception {
        Job job = submit();
        upToResults(job, "moo", 0);
        net.jc.nextSend(FakeChain.Failure.CRASH_BEFORE_DELIVERY);
        engine.pass();
        String lost = job(job).transaction(Step.ACCEPT_RESULT).orElseThrow();
        assertThat(job(job).transactions()).containsOnlyKeys("approve:agree", "agree", "acceptResult");
        assertThat(job(job).dealTransactions()).containsOnlyKeys("agree", "acceptResult");
        assertThat(net.jc.count("acceptResult")).isZero();

        // kill -9 and restart: the journaled hash never reached the node, so the step is sent again
        JobCreatorEngine restarted =
                net.engine(Network.settings(dataDir, 0), new FileJobStore(dataDir.resolve("jobs")));
        restarted.pass();

        Job done = restarted.find(job.id()).orElseThrow();
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
        assertThat(done.transaction(Step.ACCEPT_RESULT)).isPresent().get().isNotEqualTo(lost);
    }

    @Test
    void shouldTakeOverAnAgreedDealWithoutAgreeingAgainWhenAdopting() throws Exception {
        Job job = submit();
        engine.pass();
        Deal deal = net.match(job(job));
        engine.pass();
        net.rp.agree(DealTerms.of(deal));
        net.postResult(deal, "moo", 0);

        // a daemon with the same key and no files of this job
        JobStore daemonStore = new InMemoryJobStore();
        JobCreatorEngine daemon = net.engine(Network.settings(dataDir, 0).withAdoptDeals(true), daemonStore);
        daemon.pass();
        daemon.pass();

        assertThat(net.jc.count("agree")).isEqualTo(1);
        assertThat(net.jc.count("acceptResult")).isEqualTo(1);
        assertThat(daemonStore.all()).singleElement().satisfies(adopted -> {
            assertThat(adopted.source()).isEqualTo(JobSource.ADOPTED);
            assertThat(adopted.outcome()).isEqualTo(Outcome.SUCCEEDED);
        });
    }

    @Test
    void shouldWriteTheResultBackOnChainWhenAContractAskedForTheJob() throws Exception {
        net.chain.addJob(new OnChainJob(
                BigInteger.valueOf(7),
                Network.RP,
                Network.JC,
                BigInteger.TWO,
                OnChainJobStatus.PENDING,
                "cowsay:v0.0.1",
                List.of("Message=moo")));
        Job job = engine.submit(new JobRequest(
                "cowsay:v0.0.1",
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                Map.of("Message", "moo"),
                JobSource.ON_CHAIN,
                "7",
                null,
                null));
        upToResults(job, "moo", 0);

        engine.pass();
        engine.pass();

        assertThat(net.jc.calls()).endsWith("acceptResult", "submitResults:7");
        assertThat(job(job).reached(Phase.REPORTED_ON_CHAIN)).isTrue();
    }

    @Test
    void shouldWithdrawTheJobOfferAtTheSolverWhenNothingMatches() throws Exception {
        Job job = submit();
        engine.pass();
        assertThat(net.solver.storedJobOffers()).extracting(c -> c.id()).containsExactly(job(job).offerId());

        net.clock.advance(Duration.ofSeconds(61));
        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(net.solver.storedJobOffers()).isEmpty();
    }

    @Test
    void shouldTakeTheDealNotEndNoMatchWhenTheSolverMatchesAsTheTimeoutPasses() throws Exception {
        Job job = submit();
        engine.pass();
        net.clock.advance(Duration.ofSeconds(61));
        // The solver matches after the pass listed the deals, before the offer is withdrawn.
        MatchExplainer plain = net.explainer;
        net.explainer = id -> {
            net.match(job(job));
            return plain.explain(id);
        };

        PassReport report = engine.pass();
        engine.pass();

        assertThat(report.failures()).isEmpty();
        assertThat(job(job).active()).isTrue();
        assertThat(job(job).reached(Phase.AGREED)).isTrue();
    }

    @Test
    void shouldEndNoMatchWhenTheOfferIsGoneFromTheSolverAlready() throws Exception {
        Job job = submit();
        engine.pass();
        net.solver.withdrawJobOffer(job(job).offerId());
        net.clock.advance(Duration.ofSeconds(61));

        PassReport report = engine.pass();

        assertThat(report.failures()).isEmpty();
        assertThat(job(job).outcome()).isEqualTo(Outcome.NO_MATCH);
    }

    @Test
    void shouldRefundTheContractsPayeeWhenTheJobFindsNoMatch() throws Exception {
        net.chain.addJob(new OnChainJob(
                BigInteger.ONE,
                Network.RP,
                Network.JC,
                BigInteger.TWO,
                OnChainJobStatus.PENDING,
                "cowsay:v0.0.1",
                List.of()));
        Job job = engine.submit(new JobRequest(
                "cowsay:v0.0.1",
                ModuleConfig.shortcut("cowsay:v0.0.1"),
                Map.of(),
                JobSource.ON_CHAIN,
                "1",
                null,
                null));
        engine.pass();
        net.clock.advance(Duration.ofMinutes(2));

        engine.pass();

        assertThat(job(job).outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(net.jc.calls()).containsExactly("refundJob:1");
    }

    @Test
    void shouldReportTheSolverDownAndPostLaterWhenTheSolverIsUnreachable() throws Exception {
        net.solver.down(true);
        Job job = submit();

        PassReport report = engine.pass();

        assertThat(report.solverDown()).isPresent();
        assertThat(job(job).offerPosted()).isFalse();
        net.solver.down(false);
        engine.pass();
        assertThat(job(job).offerPosted()).isTrue();
    }
}
