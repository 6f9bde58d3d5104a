package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.chain.Bytes32;
import org.coophive.common.chain.ChainHead;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.chain.TxStatus;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.testing.FakeChain;
import org.coophive.common.testing.FakeChain.Account;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.store.DealFilter;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.StoreOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the chain tracker reports, applied to a stored deal and its offers; a rollback corrects the
 * deals learnt from the lost blocks from the chain's state ({@link FakeChain} plays the chain).
 */
class ChainDealUpdaterIT {

    private static final Bytes32 DATA = Bytes32.of(ContentIds.digest(ContentIds.ofBytes("result".getBytes())));
    private static final String DEAL_UNKNOWN = ContentIds.ofBytes("not ours".getBytes());

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext context;

    private final List<SolverEvent> events = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> minedAgain = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PassLoop loop = mock(PassLoop.class);
    private OfferStore offers;
    private DealStore deals;
    private ChainDealUpdater updates;
    private DealContainer deal;
    private FakeChain chain;
    private DealTerms terms;
    private TransactionTemplate transactions;
    private EventBus bus;

    @BeforeAll
    static void start() {
        context = StoreOnlyApplication.start(dataDir);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void makeADeal() {
        context.getBean(JdbcClient.class)
                .sql("TRUNCATE job_offers, resource_offers, deals")
                .update();
        offers = context.getBean(OfferStore.class);
        deals = context.getBean(DealStore.class);
        transactions = context.getBean(TransactionTemplate.class);
        bus = new EventBus();
        long now = System.currentTimeMillis();
        JobOffer job = ApiFixtures.jobOffer(now).withId(ContentIds.of(ApiFixtures.jobOffer(now)));
        ResourceOffer resource = ApiFixtures.resourceOffer(now).withId(ContentIds.of(ApiFixtures.resourceOffer(now)));
        offers.save(new JobOfferContainer(job.id(), "", job.jobCreator(), null, job));
        offers.save(new ResourceOfferContainer(resource.id(), "", resource.resourceProvider(), null, resource));
        new MatchingPass(
                        new Matcher(ApiFixtures.SOLVER, Duration.ofHours(1), Clock.systemUTC()),
                        offers,
                        deals,
                        transactions,
                        bus,
                        new MatchingMetrics(new SimpleMeterRegistry(), deals))
                .run();
        deal = deals.find(DealFilter.ALL).get(0);
        bus.subscribe(events::add);
        chain = new FakeChain();
        Account solverAccount = chain.as(ApiFixtures.SOLVER);
        // The chain as the solver reads it; a test may have a transaction mined again on a new branch.
        ChainHead head = new ChainHead() {
            @Override
            public String address() {
                return solverAccount.address();
            }

            @Override
            public org.coophive.common.chain.ChainAddresses addresses() {
                return solverAccount.addresses();
            }

            @Override
            public long blockNumber() {
                return solverAccount.blockNumber();
            }

            @Override
            public java.time.Instant latestBlockTime() {
                return solverAccount.latestBlockTime();
            }

            @Override
            public TxStatus transactionStatus(String txHash) {
                return minedAgain.contains(txHash) ? TxStatus.SUCCEEDED : solverAccount.transactionStatus(txHash);
            }
        };
        updates = new ChainDealUpdater(deals, offers, transactions, bus, loop, solverAccount, head);
        terms = DealTerms.of(deal.deal());
    }

    /** The last event's position on the fake chain: its blocks are numbered from 1, one per transaction. */
    private EventCursor at(long block) {
        return new EventCursor(block, 0);
    }

    @Test
    void shouldCorrectTheDealAndItsOffersFromTheChainWhenTheBlocksItWasLearntFromAreRolledBack() {
        chain.drive(terms, AgreementState.DEAL_AGREED, Bytes32.ZERO);
        long agreedAt = chain.as(ApiFixtures.SOLVER).blockNumber();
        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(agreedAt));
        FakeChain.Snapshot beforeResults = chain.snapshot();
        chain.as(terms.resourceProvider()).addResult(terms, DATA, DATA, BigInteger.ONE);
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(agreedAt + 1));
        chain.as(terms.jobCreator()).acceptResult(terms);
        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(agreedAt + 2));
        events.clear();

        chain.rollBack(beforeResults);
        int corrected = updates.rolledBack(agreedAt);

        assertThat(corrected).isEqualTo(1);
        assertThat(deals.find(deal.id()).orElseThrow().state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(offers.findJobOffer(deal.jobOffer()).orElseThrow().state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(offers.findResourceOffer(deal.resourceOffer()).orElseThrow().state())
                .isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .containsExactly(
                        EventType.DEAL_STATE_UPDATED,
                        EventType.JOB_OFFER_STATE_UPDATED,
                        EventType.RESOURCE_OFFER_STATE_UPDATED);
        assertThat(events.get(0).deal().state()).isEqualTo(AgreementState.DEAL_AGREED);

        events.clear();
        assertThat(updates.rolledBack(agreedAt)).as("told again").isZero();
        assertThat(updates.rolledBack(agreedAt - 1)).as("from further back").isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldForgetTheReportedHashesOfTheStepsARollbackTookOffTheChainAndTakeNewReports() {
        chain.drive(terms, AgreementState.DEAL_AGREED, Bytes32.ZERO);
        long agreedAt = chain.as(ApiFixtures.SOLVER).blockNumber();
        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(agreedAt));
        String rpAgree = chain.as(terms.resourceProvider()).sent("agree").get(0).txHash();
        String jcAgree = chain.as(terms.jobCreator()).sent("agree").get(0).txHash();
        FakeChain.Snapshot beforeResults = chain.snapshot();
        String addResult = chain.as(terms.resourceProvider())
                .addResult(terms, DATA, DATA, BigInteger.ONE)
                .txHash();
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(agreedAt + 1));
        String acceptResult = chain.as(terms.jobCreator()).acceptResult(terms).txHash();
        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(agreedAt + 2));
        deals.mergeTransactions(
                deal.id(),
                new DealTransactions(
                        new DealTransactionsResourceProvider(rpAgree, addResult, null, null, null),
                        new DealTransactionsJobCreator(jcAgree, acceptResult, null, null, null, null),
                        null));
        events.clear();

        chain.rollBack(beforeResults);
        updates.rolledBack(agreedAt);

        DealTransactions shown = deals.find(deal.id()).orElseThrow().transactions();
        assertThat(shown.resourceProvider().agree()).isEqualTo(rpAgree);
        assertThat(shown.resourceProvider().addResult()).as("rolled back").isEmpty();
        assertThat(shown.jobCreator().agree()).isEqualTo(jcAgree);
        assertThat(shown.jobCreator().acceptResult()).as("rolled back").isEmpty();
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .contains(
                        EventType.DEAL_STATE_UPDATED,
                        EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED,
                        EventType.JOB_CREATOR_TRANSACTIONS_UPDATED);
        assertThat(events.stream()
                        .filter(e -> e.eventType() == EventType.JOB_CREATOR_TRANSACTIONS_UPDATED)
                        .findFirst()
                        .orElseThrow()
                        .deal()
                        .transactions()
                        .jobCreator()
                        .acceptResult())
                .isEmpty();

        // The provider's very same addResult mined again on the new branch: its hash is shown again.
        chain.as(terms.resourceProvider()).addResult(terms, DATA, DATA, BigInteger.ONE);
        minedAgain.add(addResult);
        events.clear();
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(agreedAt + 10));
        shown = deals.find(deal.id()).orElseThrow().transactions();
        assertThat(shown.resourceProvider().addResult()).isEqualTo(addResult);
        assertThat(shown.jobCreator().acceptResult()).isEmpty();
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .contains(EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED);

        // The job creator's accept taken again, a new transaction: its report fills the hash again.
        String again = chain.as(terms.jobCreator()).acceptResult(terms).txHash();
        deals.mergeTransactions(
                deal.id(),
                new DealTransactions(null, new DealTransactionsJobCreator(null, again, null, null, null, null), null));
        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(agreedAt + 11));
        shown = deals.find(deal.id()).orElseThrow().transactions();
        assertThat(shown.jobCreator().acceptResult()).isEqualTo(again);
        assertThat(shown.resourceProvider().addResult()).isEqualTo(addResult);
    }

    @Test
    void shouldLeaveADealLearntBeforeTheForkAlone() {
        chain.drive(terms, AgreementState.RESULTS_ACCEPTED, DATA);
        long settledAt = chain.as(ApiFixtures.SOLVER).blockNumber();
        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(settledAt));
        events.clear();

        assertThat(updates.rolledBack(settledAt)).isZero();

        assertThat(deals.find(deal.id()).orElseThrow().state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldTakeTheMediatorBackWhenTheMediationRequestIsRolledBack() {
        chain.drive(terms, AgreementState.RESULTS_SUBMITTED, DATA);
        long submittedAt = chain.as(ApiFixtures.SOLVER).blockNumber();
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(submittedAt));
        FakeChain.Snapshot beforeCheck = chain.snapshot();
        chain.as(terms.jobCreator()).checkResult(terms);
        updates.stateChanged(deal.id(), AgreementState.RESULTS_CHECKED, at(submittedAt + 1));
        updates.mediatorChosen(deal.id(), ApiFixtures.MEDIATOR, new EventCursor(submittedAt + 1, 1));
        events.clear();

        chain.rollBack(beforeCheck);
        updates.rolledBack(submittedAt);

        DealContainer corrected = deals.find(deal.id()).orElseThrow();
        assertThat(corrected.state()).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(corrected.mediator()).isEmpty();
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .contains(EventType.DEAL_STATE_UPDATED, EventType.DEAL_MEDIATOR_UPDATED);
    }

    @Test
    void shouldNotGoBackToAnOlderStateWhenAnEarlierEventIsDeliveredAgain() {
        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(5));
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(6));
        events.clear();

        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(5));

        assertThat(deals.find(deal.id()).orElseThrow().state()).isEqualTo(AgreementState.RESULTS_SUBMITTED);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldMoveTheDealAndBothOffersToTheNewStateAndTellSubscribers() {
        boolean known = updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(1));

        assertThat(known).isTrue();
        assertThat(deals.find(deal.id()).orElseThrow().state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(offers.findJobOffer(deal.jobOffer()).orElseThrow().state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(offers.findResourceOffer(deal.resourceOffer()).orElseThrow().state())
                .isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .containsExactly(
                        EventType.DEAL_STATE_UPDATED,
                        EventType.JOB_OFFER_STATE_UPDATED,
                        EventType.RESOURCE_OFFER_STATE_UPDATED);
        assertThat(events.get(0).deal().state()).isEqualTo(AgreementState.DEAL_AGREED);
        assertThat(events.get(2).resourceOffer().state()).isEqualTo(AgreementState.DEAL_AGREED);
        // An agreed deal still books its resource offer: nothing for a matching pass to do.
        verify(loop, never()).trigger();
    }

    @Test
    void shouldTriggerAMatchingPassWhenTheDealEndsAndItsResourceOfferIsFree() {
        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED, at(1));
        updates.stateChanged(deal.id(), AgreementState.RESULTS_SUBMITTED, at(2));
        verify(loop, never()).trigger();

        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(3));

        verify(loop, times(1)).trigger();
        assertThat(deals.openResourceOffers()).doesNotContain(deal.resourceOffer());
    }

    @Test
    void shouldEmitNothingWhenTheSameStateIsReportedAgain() {
        updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(1));
        events.clear();

        assertThat(updates.stateChanged(deal.id(), AgreementState.RESULTS_ACCEPTED, at(1)))
                .isTrue();

        assertThat(events).isEmpty();
        verify(loop, times(1)).trigger();
    }

    @Test
    void shouldSetTheMediatorOnceWhenTheChainPicksOne() {
        assertThat(updates.mediatorChosen(deal.id(), ApiFixtures.MEDIATOR, at(2)))
                .isTrue();
        assertThat(updates.mediatorChosen(deal.id(), ApiFixtures.MEDIATOR, at(2)))
                .isTrue();

        assertThat(deals.find(deal.id()).orElseThrow().mediator()).isEqualTo(ApiFixtures.MEDIATOR);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.DEAL_MEDIATOR_UPDATED);
            assertThat(event.deal().mediator()).isEqualTo(ApiFixtures.MEDIATOR);
        });
    }

    @Test
    void shouldSayFalseForADealThisSolverDoesNotHold() {
        assertThat(updates.stateChanged(DEAL_UNKNOWN, AgreementState.DEAL_AGREED, at(1)))
                .isFalse();
        assertThat(updates.mediatorChosen(DEAL_UNKNOWN, ApiFixtures.MEDIATOR, at(2)))
                .isFalse();
        assertThat(events).isEmpty();
    }
}
