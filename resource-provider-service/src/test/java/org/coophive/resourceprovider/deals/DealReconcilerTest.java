package org.coophive.resourceprovider.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coophive.resourceprovider.deals.ProviderHarness.MEDIATOR;
import static org.coophive.resourceprovider.deals.ProviderHarness.RP;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeout;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.Privileges;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.testing.Await;
import org.coophive.common.testing.FakeChain.Failure;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.executor.ExecutionException;
import org.coophive.resourceprovider.jobs.JobOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DealReconcilerTest {

    @TempDir
    Path dataDir;

    ProviderHarness rp;

    @BeforeEach
    void start() {
        rp = new ProviderHarness(dataDir);
    }

    @AfterEach
    void stop() {
        rp.close();
    }

    private DealTerms terms(DealContainer deal) {
        return DealTerms.of(deal.deal());
    }

    private AgreementState state(DealContainer deal) {
        return rp.account.getAgreement(terms(deal)).state();
    }

    /** Posts the offer, makes a deal, the provider agrees and the job creator agrees too. */
    private DealContainer agreedDeal(String message) {
        rp.pass();
        DealContainer deal = rp.match(message);
        rp.pass();
        rp.jobCreator.agree(terms(deal));
        return deal;
    }

    // ------------------------------------------------------------------ offers

    @Test
    void shouldPostOneOfferPerSlotWhenStartedAndNoMoreOnLaterPasses() {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of("OFFER_COUNT", "3", "OFFER_CPU", "2000"), false);

        rp.pass();
        rp.pass();

        List<ResourceOfferContainer> offers = rp.solver.storedResourceOffers();
        assertThat(offers).hasSize(3);
        assertThat(offers).extracting(o -> o.resourceOffer().index()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(offers).allSatisfy(o -> {
            assertThat(o.resourceOffer().spec().cpu()).isEqualTo(2000);
            assertThat(o.resourceOffer().resourceProvider()).isEqualTo(RP);
            assertThat(o.resourceOffer().trustedParties().mediators()).containsExactly(MEDIATOR);
        });
    }

    @Test
    void shouldPostNoOfferForASlotItsOwnPendingDealHoldsWhateverTheSolverLists() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("agree", Failure.CRASH_PENDING);
        rp.pass();
        // The solver no longer counts the deal's offer as active; the provider's agree is still pending.
        rp.solver.followStates(d -> java.util.Optional.of(AgreementState.TIMEOUT_AGREE));

        rp.pass();

        assertThat(rp.solver.storedResourceOffers())
                .extracting(ResourceOfferContainer::id)
                .containsExactly(deal.deal().resourceOffer().id());
        rp.chain.mine(rp.account.sent("agree").get(0).txHash());
        rp.solver.followStates(d -> rp.chain.state(terms(d).key()));
        rp.jobCreator.agree(terms(deal));
        rp.settle();
        assertThat(rp.solver.storedResourceOffers()).hasSize(2);
    }

    // ------------------------------------------------------------------ no head-of-line blocking

    @Test
    @Timeout(60) // a pass that waited for the slow receipt itself would hang here
    void shouldCarryAnotherDealThroughWhileOneDealWaitsForItsReceipt() {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of("OFFER_COUNT", "2"), false, WorkLanes.pooled("rp-deal-test", 4));
        rp.pass();
        DealContainer slow = rp.match("slow");
        rp.account.failNext("agree", Failure.SLOW_RECEIPT);
        rp.pass();
        Await.until(
                Duration.ofSeconds(10),
                "the slow agree sent",
                () -> rp.chain.pending().size() == 1);
        String slowAgree = rp.chain.pending().get(0);

        DealContainer fast = rp.match("fast");
        rp.jobCreator.agree(terms(fast));
        Await.until(Duration.ofSeconds(20), "the other deal's results on chain", () -> {
            rp.pass();
            return state(fast) == AgreementState.RESULTS_SUBMITTED;
        });

        // All that while, the first deal's agree was waiting for its receipt, sent once.
        assertThat(rp.chain.pending()).containsExactly(slowAgree);
        assertThat(rp.account.sent("agree")).extracting(s -> s.txHash()).contains(slowAgree);
        rp.chain.mine(slowAgree);
        rp.jobCreator.agree(terms(slow));
        Await.until(Duration.ofSeconds(20), "the slow deal's results on chain", () -> {
            rp.pass();
            return state(slow) == AgreementState.RESULTS_SUBMITTED;
        });
        assertThat(rp.account.count("agree")).isEqualTo(2);
        assertThat(rp.account.count("addResult")).isEqualTo(2);
        assertThat(rp.executor.runs(slow.id())).isEqualTo(1);
        assertThat(rp.executor.runs(fast.id())).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void shouldStartTheJobOnTheJobCreatorsAgreeWhileItsOwnAgreeIsStillBeingReportedToTheSolver() throws Exception {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of(), false, WorkLanes.pooled("rp-deal-test", 4));
        rp.pass();
        DealContainer deal = rp.match("moo");
        CountDownLatch reports = rp.solver.holdRequests("/txs/resource_provider");
        try {
            rp.reconciler().dealChanged(deal); // the solver's event of the match
            Await.until(
                    Duration.ofSeconds(10),
                    "the agree mined",
                    () -> state(deal) == AgreementState.DEAL_NEGOTIATING && rp.account.count("agree") == 1);
            rp.jobCreator.agree(terms(deal));
            rp.reconciler().dealChanged(terms(deal).key()); // the chain's DealStateChange event

            // The solver still answers nothing about the agree's hash: the job runs all the same.
            Await.until(Duration.ofSeconds(10), "the job run", () -> rp.executor.runs(deal.id()) == 1);
            assertThat(rp.solver.transactions(deal.id()).resourceProvider().agree())
                    .isEmpty();
        } finally {
            reports.countDown();
        }
        Await.until(Duration.ofSeconds(20), "the results on chain and both hashes reported", () -> {
            rp.pass();
            return state(deal) == AgreementState.RESULTS_SUBMITTED
                    && !rp.solver
                            .transactions(deal.id())
                            .resourceProvider()
                            .addResult()
                            .isEmpty();
        });
        assertThat(rp.solver.transactions(deal.id()).resourceProvider().agree())
                .isEqualTo(rp.account.sent("agree").get(0).txHash());
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.count("addResult")).isEqualTo(1);
        assertThat(rp.executor.runs(deal.id())).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void shouldTakeTheVersionMinedWhenItsAgreeWasReplacedAndNotAgreeAgainAfterARestart() {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of(), false, WorkLanes.pooled("rp-deal-test", 2));
        rp.pass();
        DealContainer deal = rp.match("replaced");
        rp.account.failNext("agree", Failure.SLOW_RECEIPT);
        rp.pass();
        Await.until(Duration.ofSeconds(10), "the agree in the pool", () -> !rp.chain
                .pending()
                .isEmpty());
        String first = rp.chain.pending().get(0);

        String replacement = rp.chain.replace(first); // dropped or underpriced: a gas bump, same nonce
        assertThat(new DealJournal(dataDir)
                        .find(deal.id())
                        .orElseThrow()
                        .txs()
                        .get(Step.AGREE)
                        .sent()
                        .hashes())
                .containsExactly(first, replacement);
        rp.chain.mine(first); // the first version was mined after all
        Await.until(Duration.ofSeconds(10), "the agree journaled as mined", () -> new DealJournal(dataDir)
                .find(deal.id())
                .map(r -> r.txs().get(Step.AGREE))
                .filter(tx -> tx.phase() != DealRecord.Phase.SENT)
                .isPresent());

        rp.restart();
        rp.jobCreator.agree(terms(deal));
        Await.until(Duration.ofSeconds(20), "the results on chain", () -> {
            rp.pass();
            return state(deal) == AgreementState.RESULTS_SUBMITTED;
        });
        assertThat(rp.account.calls()).containsExactly("approve", "agree", "agree", "addResult");
        assertThat(rp.account.transactionStatus(replacement)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(first);
    }

    // ------------------------------------------------------------------ the happy path

    @Test
    void shouldTakeEveryStepExactlyOnceWhenADealGoesThrough() throws Exception {
        rp.pass();
        DealContainer deal = rp.match("moo");

        rp.pass();
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(rp.account.sent("agree").get(0).txHash());

        rp.pass(); // the job creator has not agreed yet: nothing to do
        assertThat(rp.account.calls()).containsExactly("approve", "agree");
        rp.jobCreator.agree(terms(deal));
        rp.settle();

        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(rp.executor.runs(deal.id())).isEqualTo(1);
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.count("addResult")).isEqualTo(1);
        assertThat(rp.solver.uploads()).isEqualTo(1);
        assertThat(rp.solver.resultPosts()).isEqualTo(1);
        Result result = rp.solver.result(deal.id());
        assertThat(result.dataId())
                .isEqualTo(ContentIds.ofBytes(rp.solver.storedFiles(deal.id()).orElseThrow()));
        assertThat(result.error()).isEmpty();
        assertThat(result.instructionCount()).isEqualTo(42);
        assertThat(rp.account.getResult(terms(deal)).orElseThrow().dataId().bytes())
                .isEqualTo(result.onChainDataId());
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().addResult())
                .isEqualTo(rp.account.sent("addResult").get(0).txHash());

        rp.jobCreator.acceptResult(terms(deal));
        rp.settle();

        // job cost 42 instructions x 1 token, capped by the 2-token payment collateral
        assertThat(rp.reconciler().earnings()).isEqualTo(BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
        assertThat(rp.meters().get("coophive.rp.earnings").functionCounter().count())
                .isEqualTo(2e18);
        assertThat(rp.meters().get("coophive.rp.jobs.done").counter().count()).isEqualTo(1);
        assertThat(rp.account.calls()).containsExactly("approve", "agree", "addResult");
    }

    @Test
    void shouldPostAnotherOfferWhenTheSlotsDealHasItsResults() {
        DealContainer deal = agreedDeal("moo");
        rp.settle();

        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        rp.solver.followStates(d -> rp.chain.state(terms(d).key()));
        rp.pass();

        assertThat(rp.solver.storedResourceOffers()).hasSize(2);
    }

    @Test
    void shouldTakeTheNextDealOnTheSlotWhenTheFirstHasItsResultsButIsNotJudgedYet() {
        rp.solver.followStates(d -> rp.chain.state(terms(d).key()));
        DealContainer first = agreedDeal("first");
        rp.settle();
        assertThat(state(first)).isEqualTo(AgreementState.RESULTS_SUBMITTED);

        DealContainer second = rp.match("second");
        rp.pass();

        assertThat(rp.account.getAgreement(terms(second)).resourceProviderAgreed())
                .isTrue();
        assertThat(second.deal().resourceOffer().index())
                .isEqualTo(first.deal().resourceOffer().index());
    }

    @Test
    void shouldPostAResultWithExitCodeAndLogsWhenTheJobFails() throws Exception {
        rp.executor.exitWith(3);
        DealContainer deal = agreedDeal("moo");

        rp.settle();

        Result result = rp.solver.result(deal.id());
        assertThat(result.error()).isEqualTo("the job exited with code 3");
        assertThat(result.instructionCount()).isEqualTo(42);
        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        Path tar = rp.jobs().resultTar(deal.id());
        assertThat(ContentIds.ofFile(tar)).isEqualTo(result.dataId());
        assertThat(Files.readString(dataDir.resolve("jobs").resolve(deal.id()).resolve("result/exitCode")))
                .isEqualTo("3");
        assertThat(rp.meters().get("coophive.rp.jobs.failed").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldPostAnErrorResultAndFreeTheSlotWhenItsExecutorDoesNotGrantWhatTheModuleAsks() throws Exception {
        rp.executor.failWith(new ExecutionException(
                ExecutionException.Reason.NOT_GRANTED,
                "cowsay:v0.0.1 asks for root, and this executor does not grant root (EXECUTOR_PRIVILEGES grants"
                        + " none)"));
        DealContainer deal = agreedDeal("moo");

        rp.settle();

        Result result = rp.solver.result(deal.id());
        assertThat(result.error())
                .isEqualTo("the job could not run: cowsay:v0.0.1 asks for root, and this executor does not grant root"
                        + " (EXECUTOR_PRIVILEGES grants none)");
        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(rp.executor.runs()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ terms

    static Stream<Arguments> tamperedTerms() {
        String stranger = DevAccounts.directory().address();
        UnaryOperator<Deal> cheaper = d -> new Deal(
                d.id(),
                d.members(),
                new DealPricing(
                        BigInteger.ONE,
                        d.pricing().paymentCollateral(),
                        d.pricing().resultsCollateralMultiple(),
                        d.pricing().mediationFee()),
                d.timeouts(),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> lessCollateral = d -> new Deal(
                d.id(),
                d.members(),
                new DealPricing(
                        d.pricing().instructionPrice(),
                        BigInteger.ONE,
                        d.pricing().resultsCollateralMultiple(),
                        d.pricing().mediationFee()),
                d.timeouts(),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> higherMultiple = d -> new Deal(
                d.id(),
                d.members(),
                new DealPricing(
                        d.pricing().instructionPrice(),
                        d.pricing().paymentCollateral(),
                        d.pricing().resultsCollateralMultiple() + 1,
                        d.pricing().mediationFee()),
                d.timeouts(),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> shorterSubmit = d -> new Deal(
                d.id(),
                d.members(),
                d.pricing(),
                new DealTimeouts(
                        d.timeouts().agree(),
                        new DealTimeout(10, d.timeouts().submitResults().collateral()),
                        d.timeouts().judgeResults(),
                        d.timeouts().mediateResults()),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> lowerJudgeCollateral = d -> new Deal(
                d.id(),
                d.members(),
                d.pricing(),
                new DealTimeouts(
                        d.timeouts().agree(),
                        d.timeouts().submitResults(),
                        new DealTimeout(d.timeouts().judgeResults().timeout(), BigInteger.ONE),
                        d.timeouts().mediateResults()),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> untrustedMediator = d -> new Deal(
                d.id(),
                new DealMembers(
                        d.members().solver(),
                        d.members().jobCreator(),
                        d.members().resourceProvider(),
                        List.of(stranger)),
                d.pricing(),
                d.timeouts(),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> otherSolver = d -> new Deal(
                d.id(),
                new DealMembers(
                        stranger,
                        d.members().jobCreator(),
                        d.members().resourceProvider(),
                        d.members().mediators()),
                d.pricing(),
                d.timeouts(),
                d.jobOffer(),
                d.resourceOffer());
        UnaryOperator<Deal> offerNotPosted = d -> {
            ResourceOffer r = d.resourceOffer();
            ResourceOffer forged = new ResourceOffer(
                    "",
                    r.createdAt() + 1,
                    r.resourceProvider(),
                    r.index(),
                    r.spec(),
                    r.modules(),
                    r.mode(),
                    r.defaultPricing(),
                    r.defaultTimeouts(),
                    r.modulePricing(),
                    r.moduleTimeouts(),
                    r.trustedParties());
            return new Deal(
                    d.id(), d.members(), d.pricing(), d.timeouts(), d.jobOffer(), forged.withId(ContentIds.of(forged)));
        };
        UnaryOperator<Deal> moreDiskThanOffered = d -> {
            JobOffer j = d.jobOffer();
            MachineSpec bigger = new MachineSpec(
                    j.spec().gpu(),
                    j.spec().cpu(),
                    j.spec().ram(),
                    j.spec().gpuMemory(),
                    j.spec().disk() + 1);
            JobOffer needy = new JobOffer(
                    "",
                    j.createdAt(),
                    j.jobCreator(),
                    j.module(),
                    bigger,
                    j.inputs(),
                    j.mode(),
                    j.pricing(),
                    j.timeouts(),
                    j.trustedParties());
            return new Deal(
                    d.id(),
                    d.members(),
                    d.pricing(),
                    d.timeouts(),
                    needy.withId(ContentIds.of(needy)),
                    d.resourceOffer());
        };
        UnaryOperator<Deal> privileged = d -> {
            JobOffer j = d.jobOffer();
            JobOffer root = new JobOffer(
                    "",
                    j.createdAt(),
                    j.jobCreator(),
                    j.module(),
                    j.spec().withPrivileges(new Privileges(true, List.of("CHOWN"), false)),
                    j.inputs(),
                    j.mode(),
                    j.pricing(),
                    j.timeouts(),
                    j.trustedParties());
            return new Deal(
                    d.id(),
                    d.members(),
                    d.pricing(),
                    d.timeouts(),
                    root.withId(ContentIds.of(root)),
                    d.resourceOffer());
        };
        return Stream.of(
                Arguments.of("a job needing more disk than the offer has", moreDiskThanOffered),
                Arguments.of("a job asking for privileges the provider does not grant", privileged),
                Arguments.of("instruction price", cheaper),
                Arguments.of("payment collateral", lessCollateral),
                Arguments.of("results collateral multiple", higherMultiple),
                Arguments.of("submit results timeout", shorterSubmit),
                Arguments.of("judge results collateral", lowerJudgeCollateral),
                Arguments.of("a mediator it does not trust", untrustedMediator),
                Arguments.of("a solver it does not trust", otherSolver),
                Arguments.of("a resource offer it never posted", offerNotPosted));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedTerms")
    void shouldNotAgreeWhenATermDiffersFromTheOffer(String term, UnaryOperator<Deal> tamper) {
        rp.pass();
        ResourceOffer offered = rp.solver.storedResourceOffers().get(0).resourceOffer();
        DealContainer deal =
                rp.solver.makeDeal(rp.solver.addJobOffer(rp.job("moo")).jobOffer(), offered, tamper::apply);

        rp.pass();
        rp.pass();

        assertThat(rp.account.count("agree")).as(term).isZero();
        assertThat(rp.chain.state(terms(deal).key())).isEmpty();
        // The slot stays on offer: an unmatched offer replaces the one the refused deal holds.
        assertThat(rp.solver.storedResourceOffers())
                .filteredOn(o -> o.dealId().isEmpty())
                .hasSize(1);
    }

    @Test
    void shouldAdvertiseWhatItsExecutorGrantsAndAgreeToAJobAskingForNoMore() {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of("EXECUTOR_PRIVILEGES", "root, CHOWN, KILL"), false);
        rp.pass();
        ResourceOffer offered = rp.solver.storedResourceOffers().get(0).resourceOffer();
        assertThat(offered.spec().privileges()).isEqualTo(new Privileges(true, List.of("CHOWN", "KILL"), false));
        UnaryOperator<Deal> asksRootAndChown = d -> {
            JobOffer j = d.jobOffer();
            JobOffer root = new JobOffer(
                    "",
                    j.createdAt(),
                    j.jobCreator(),
                    j.module(),
                    j.spec().withPrivileges(new Privileges(true, List.of("CHOWN"), false)),
                    j.inputs(),
                    j.mode(),
                    j.pricing(),
                    j.timeouts(),
                    j.trustedParties());
            return new Deal(
                    d.id(),
                    d.members(),
                    d.pricing(),
                    d.timeouts(),
                    root.withId(ContentIds.of(root)),
                    d.resourceOffer());
        };
        rp.solver.makeDeal(rp.solver.addJobOffer(rp.job("moo")).jobOffer(), offered, asksRootAndChown::apply);

        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
    }

    @Test
    void shouldAgreeWhenTheUntamperedDealComesFromTheSameOffer() {
        rp.pass();
        ResourceOffer offered = rp.solver.storedResourceOffers().get(0).resourceOffer();
        rp.solver.makeDeal(rp.solver.addJobOffer(rp.job("moo")).jobOffer(), offered, d -> d);

        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ capacity

    @Test
    void shouldRunJobsOfAllSlotsAtOnceWhenSeveralDealsAreAgreed() {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of("OFFER_COUNT", "2"), false);
        rp.executor.hold();
        rp.pass();
        DealContainer a = rp.match("a");
        DealContainer b = rp.match("b");
        rp.pass();
        rp.jobCreator.agree(terms(a));
        rp.jobCreator.agree(terms(b));

        rp.pass();
        Await.until(java.time.Duration.ofSeconds(10), "both jobs running", () -> rp.executor.running() == 2);
        rp.executor.release();
        rp.settle();

        assertThat(rp.executor.maxConcurrent()).isEqualTo(2);
        assertThat(state(a)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(state(b)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
    }

    @Test
    void shouldRefuseASecondDealWhenTheSolverBooksOneOfferTwice() {
        rp.pass();
        ResourceOffer offered = rp.solver.storedResourceOffers().get(0).resourceOffer();
        DealContainer first =
                rp.solver.makeDeal(rp.solver.addJobOffer(rp.job("one")).jobOffer(), offered);
        DealContainer second =
                rp.solver.makeDeal(rp.solver.addJobOffer(rp.job("two")).jobOffer(), offered);

        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(first)).resourceProviderAgreed()
                        ^ rp.account.getAgreement(terms(second)).resourceProviderAgreed())
                .isTrue();
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void shouldClaimTheJudgeTimeoutOnceWhenTheJobCreatorStaysSilent() {
        DealContainer deal = agreedDeal("moo");
        rp.settle();
        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);

        rp.chain.advance(3600); // exactly at the deadline: not yet
        rp.pass();
        assertThat(rp.account.count("timeoutJudgeResults")).isZero();
        rp.chain.advance(1);
        rp.settle();

        assertThat(state(deal)).isEqualTo(AgreementState.TIMEOUT_JUDGE_RESULTS);
        assertThat(rp.account.count("timeoutJudgeResults")).isEqualTo(1);
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().timeoutJudgeResults())
                .isNotEmpty();
        assertThat(rp.reconciler().earnings()).isEqualTo(BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
    }

    @Test
    void shouldClaimTheAgreeTimeoutRefundWhenTheJobCreatorNeverAgrees() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.pass();

        rp.chain.advance(3601);
        rp.settle();

        assertThat(state(deal)).isEqualTo(AgreementState.TIMEOUT_AGREE);
        assertThat(rp.account.count("timeoutAgree")).isEqualTo(1);
        assertThat(rp.executor.runs(deal.id())).isZero();
        assertThat(rp.reconciler().earnings()).isZero();
    }

    @Test
    void shouldClaimTheMediateTimeoutWhenTheMediatorStaysSilent() {
        DealContainer deal = agreedDeal("moo");
        rp.settle();
        rp.jobCreator.checkResult(terms(deal));

        rp.chain.advance(3601);
        rp.settle();

        assertThat(state(deal)).isEqualTo(AgreementState.TIMEOUT_MEDIATE_RESULTS);
        assertThat(rp.account.count("timeoutMediateResults")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ restarts

    @Test
    void shouldGoOnWaitingForTheEndToBeDeepEnoughFromWhereItWasSeenWhenRestarted() throws Exception {
        rp.chain.confirmations(3);
        DealContainer deal = agreedDeal("deep enough");
        rp.settle();
        rp.jobCreator.acceptResult(terms(deal));
        rp.pass(); // the end is seen: final 3 blocks later
        Path record = dataDir.resolve("deals").resolve(deal.id() + ".json");
        String journaled = Files.readString(record);
        rp.chain.mineEmptyBlocks(2);

        rp.restart();
        rp.pass();
        assertThat(rp.reconciler().earnings()).as("2 blocks deep of 3").isZero();
        assertThat(Files.readString(record))
                .as("still watched, from where it was seen")
                .isEqualTo(journaled);

        rp.chain.mineEmptyBlocks(1);
        rp.pass();
        assertThat(rp.reconciler().earnings()).isEqualTo(BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
        assertThat(rp.account.calls()).containsExactly("approve", "agree", "addResult");
    }

    @Test
    void shouldWatchTheEndOfADealJournaledByAnOlderVersionWhenRestarted() throws Exception {
        rp.chain.confirmations(2);
        DealContainer deal = agreedDeal("older journal");
        rp.settle();
        rp.jobCreator.acceptResult(terms(deal));
        Path record = dataDir.resolve("deals").resolve(deal.id() + ".json");
        String older = Files.readString(record);
        assertThat(older).as("a record written before the end was seen").containsPattern("\"endSeenAt\" ?: ?0\\b");

        rp.restart();
        // as versions before it wrote it
        Files.writeString(record, older.replaceAll(",\\s*\"endSeenAt\"\\s*:\\s*0", ""));
        assertThat(Files.readString(record)).doesNotContain("endSeenAt");
        rp.pass();
        rp.chain.mineEmptyBlocks(2);
        rp.pass();

        assertThat(rp.reconciler().earnings()).isEqualTo(BigInteger.TWO.multiply(BigInteger.TEN.pow(18)));
    }

    @Test
    void shouldWaitForThePendingAgreeWhenRestartedAfterSendingIt() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("agree", Failure.CRASH_PENDING);
        rp.pass();
        String hash = rp.account.sent("agree").get(0).txHash();

        rp.restart();
        rp.pass();
        rp.pass();
        assertThat(rp.account.count("agree")).isEqualTo(1);

        rp.chain.mine(hash);
        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(hash);
    }

    @Test
    void shouldReplaceItsPendingAgreeWithBumpedFeesWhenItStaysUnderpricedAfterARestart() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("agree", Failure.CRASH_PENDING);
        rp.pass();
        String first = rp.account.sent("agree").get(0).txHash();
        rp.chain.underprice(first); // the pool keeps it and will not mine it, as geth does

        rp.restart();
        rp.pass();

        // Replaced with the same nonce, the journal holding both versions before the node got the new one.
        List<String> versions = rp.chain.versions(first);
        assertThat(versions).hasSize(2);
        String replacement = versions.get(1);
        assertThat(new DealJournal(dataDir)
                        .find(deal.id())
                        .orElseThrow()
                        .txs()
                        .get(Step.AGREE)
                        .sent()
                        .hashes())
                .containsExactly(first, replacement);
        rp.pass();
        assertThat(rp.chain.versions(first)).hasSize(2); // the replacement is not underpriced: waited for

        rp.chain.mine(replacement);
        rp.pass();

        assertThat(rp.account.calls()).containsExactly("approve", "agree", "agree");
        assertThat(rp.account.transactionStatus(first)).isEqualTo(TxStatus.UNKNOWN);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(replacement);
    }

    @Test
    void shouldReplaceItsPendingApproveWithBumpedFeesWhenItStaysUnderpricedAfterARestart() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("approve", Failure.CRASH_PENDING);
        rp.pass();
        String first = rp.account.sent("approve").get(0).txHash();
        rp.chain.underprice(first);

        rp.restart();
        rp.pass();

        List<String> versions = rp.chain.versions(first);
        assertThat(versions).hasSize(2);
        assertThat(new DealJournal(dataDir)
                        .find(deal.id())
                        .orElseThrow()
                        .txs()
                        .get(Step.APPROVE)
                        .sent()
                        .hashes())
                .containsExactly(first, versions.get(1));
        assertThat(rp.account.count("agree")).isZero();

        rp.chain.mine(first); // the first version was mined after all: the replacement never can be
        rp.pass();

        assertThat(rp.account.calls()).containsExactly("approve", "approve", "agree");
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
    }

    @Test
    void shouldNotApproveAgainWhenRestartedBetweenTheMinedApproveAndTheAgree() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("approve", Failure.CRASH_AFTER_MINING);
        rp.pass();
        assertThat(rp.account.count("approve")).isEqualTo(1);
        assertThat(rp.account.count("agree")).isZero();

        rp.restart();
        rp.pass();
        rp.pass();

        assertThat(rp.account.count("approve")).isEqualTo(1);
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
    }

    @Test
    void shouldWaitForThePendingApproveInsteadOfSendingItAgainWhenRestarted() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("approve", Failure.CRASH_PENDING);
        rp.pass();
        String approve = rp.account.sent("approve").get(0).txHash();

        rp.restart();
        rp.pass();
        rp.pass();
        assertThat(rp.account.count("approve")).isEqualTo(1);
        assertThat(rp.account.count("agree")).isZero();

        rp.chain.mine(approve);
        rp.pass();

        assertThat(rp.account.count("approve")).isEqualTo(1);
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
        // The approve is the provider's own bookkeeping: the solver has the agree only.
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(rp.account.sent("agree").get(0).txHash());
    }

    @Test
    void shouldDeliverTheKeptApproveAgainUnchangedWhenTheNodeDroppedItAcrossARestart() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("approve", Failure.CRASH_PENDING);
        rp.pass();
        String approve = rp.account.sent("approve").get(0).txHash();
        rp.chain.drop(approve);

        rp.restart();
        rp.pass();
        rp.pass();

        // The journaled bytes are delivered again (same nonce): pending, not approved anew.
        assertThat(rp.chain.pending()).containsExactly(approve);
        assertThat(rp.account.count("agree")).isZero();
        rp.chain.mine(approve);
        rp.pass();
        assertThat(rp.account.count("approve")).isEqualTo(1);
        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
    }

    @Test
    void shouldRecordTheMinedStepWithoutSendingItAgainWhenRestartedBeforeRecordingIt() {
        rp.solver.followStates(d -> rp.chain.state(terms(d).key()));
        DealContainer deal = agreedDeal("moo");
        rp.settle(); // runs the job; addResult goes through
        // A second deal whose addResult "crashes" after mining.
        rp.jobCreator.acceptResult(terms(deal));
        rp.settle();
        DealContainer next = rp.match("again");
        rp.pass();
        rp.jobCreator.agree(terms(next));
        rp.account.failNext("addResult", Failure.CRASH_AFTER_MINING);
        rp.pass();
        rp.awaitJobs(); // the job's end gives its deal a turn: addResult mined, then the "crash"
        assertThat(rp.account.count("addResult")).isEqualTo(2);
        assertThat(rp.solver.deal(next.id()).transactions().resourceProvider().addResult())
                .isEmpty();

        rp.restart();
        rp.settle();

        assertThat(rp.account.count("addResult")).isEqualTo(2);
        assertThat(state(next)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(rp.solver.deal(next.id()).transactions().resourceProvider().addResult())
                .isEqualTo(rp.account.sent("addResult").get(1).txHash());
        assertThat(rp.executor.runs(next.id())).isEqualTo(1);
    }

    @Test
    void shouldSendTheStepWhenRestartedAfterACrashBeforeTheNodeGotIt() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("agree", Failure.CRASH_BEFORE_DELIVERY);
        rp.pass();
        assertThat(rp.account.count("agree")).isZero();

        rp.restart();
        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
    }

    @Test
    void shouldDeliverTheKeptStepAgainUnchangedWhenTheNodeDroppedThePendingTransaction() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.account.failNext("agree", Failure.CRASH_PENDING);
        rp.pass();
        String agree = rp.account.sent("agree").get(0).txHash();
        rp.chain.drop(agree);

        rp.restart();
        rp.pass();
        assertThat(rp.chain.pending()).containsExactly(agree);
        rp.chain.mine(agree);
        rp.pass();

        assertThat(rp.account.count("agree")).isEqualTo(1);
        assertThat(rp.account.getAgreement(terms(deal)).resourceProviderAgreed())
                .isTrue();
        assertThat(rp.solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(agree);
    }

    @Test
    void shouldNotRunTheJobAgainWhenRestartedAfterItFinished() {
        DealContainer deal = agreedDeal("moo");
        rp.pass();
        rp.awaitJobs();
        assertThat(rp.jobs().outcome(deal.id())).isPresent();

        rp.restart();
        rp.settle();

        assertThat(rp.executor.runs(deal.id())).isEqualTo(1);
        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(rp.account.count("addResult")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ test mode

    @Test
    void shouldPostADifferentResultMatchingItsTarWhenInTestMode(@TempDir Path honestDir) throws Exception {
        rp.close();
        rp = new ProviderHarness(dataDir, Map.of(), true);
        DealContainer deal = agreedDeal("moo");
        rp.settle();
        JobOutcome wrong = rp.jobs().outcome(deal.id()).orElseThrow();

        try (ProviderHarness honest = new ProviderHarness(honestDir)) {
            honest.pass();
            DealContainer same = honest.solver.makeDeal(
                    honest.solver.addJobOffer(deal.deal().jobOffer()).jobOffer(),
                    honest.solver.storedResourceOffers().get(0).resourceOffer());
            honest.pass();
            honest.jobCreator.agree(DealTerms.of(same.deal()));
            honest.settle();
            JobOutcome right = honest.jobs().outcome(same.id()).orElseThrow();

            assertThat(wrong.wrongOnPurpose()).isTrue();
            assertThat(right.wrongOnPurpose()).isFalse();
            assertThat(wrong.dataId()).isNotEqualTo(right.dataId());
        }
        Result posted = rp.solver.result(deal.id());
        assertThat(posted.dataId()).isEqualTo(wrong.dataId());
        assertThat(ContentIds.ofBytes(rp.solver.storedFiles(deal.id()).orElseThrow()))
                .isEqualTo(wrong.dataId());
    }

    // ------------------------------------------------------------------ turns asked by events

    @Test
    void shouldTakeADealsNextStepsOnItsEventsWithoutListingTheDealsAgain() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        List<String> before = rp.solver.requests();

        rp.reconciler().dealChanged(rp.solver.deal(deal.id())); // the solver's DEAL_ADDED
        assertThat(rp.account.count("agree")).isEqualTo(1);

        rp.jobCreator.agree(terms(deal));
        rp.reconciler().dealChanged(terms(deal).key()); // the chain's DealStateChange: the job starts
        rp.awaitJobs(); // the job's end gives the deal a turn: no pass, no event needed

        assertThat(state(deal)).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(rp.account.calls()).containsExactly("approve", "agree", "addResult");
        List<String> since =
                rp.solver.requests().subList(before.size(), rp.solver.requests().size());
        assertThat(since)
                .as("no listing of deals: the events and the job's end named the deal")
                .noneMatch(request -> request.equals("GET /api/v1/deals") || request.startsWith("GET /api/v1/deals?"));
        assertThat(since)
                .as("the offers looked at once, when the deal freed its slot")
                .filteredOn(request -> request.startsWith("GET /api/v1/resource_offers"))
                .hasSize(1);
        assertThat(rp.passesAsked()).as("no pass asked for").isZero();
    }

    @Test
    void shouldAskForAPassWhenAChainEventNamesADealNoTurnHasSeenSinceTheStart() {
        rp.pass();
        DealContainer deal = rp.match("moo");
        rp.pass(); // agreed: the deal is in the journal
        rp.restart(); // a new process: it knows the deal's key from its journal, not the solver's copy
        int passesAsked = rp.passesAsked();

        rp.reconciler().dealChanged(terms(deal).key());

        assertThat(rp.passesAsked()).isEqualTo(passesAsked + 1);
        assertThat(rp.account.count("agree"))
                .as("no step without the solver's copy")
                .isEqualTo(1);
    }
}
