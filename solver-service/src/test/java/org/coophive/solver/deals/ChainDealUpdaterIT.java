package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.reconcile.PassLoop;
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

/** What the chain tracker reports, applied to a stored deal and its offers. */
class ChainDealUpdaterIT {

    private static final String DEAL_UNKNOWN = ContentIds.ofBytes("not ours".getBytes());

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext context;

    private final List<SolverEvent> events = new CopyOnWriteArrayList<>();
    private final PassLoop loop = mock(PassLoop.class);
    private OfferStore offers;
    private DealStore deals;
    private ChainDealUpdater updates;
    private DealContainer deal;

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
        TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
        EventBus bus = new EventBus();
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
        updates = new ChainDealUpdater(deals, offers, transactions, bus, loop);
    }

    @Test
    void shouldMoveTheDealAndBothOffersToTheNewStateAndTellSubscribers() {
        boolean known = updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED);

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
        verify(loop).trigger();
    }

    @Test
    void shouldEmitNothingWhenTheSameStateIsReportedAgain() {
        updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED);
        events.clear();

        assertThat(updates.stateChanged(deal.id(), AgreementState.DEAL_AGREED)).isTrue();

        assertThat(events).isEmpty();
        verify(loop, times(1)).trigger();
    }

    @Test
    void shouldSetTheMediatorOnceWhenTheChainPicksOne() {
        assertThat(updates.mediatorChosen(deal.id(), ApiFixtures.MEDIATOR)).isTrue();
        assertThat(updates.mediatorChosen(deal.id(), ApiFixtures.MEDIATOR)).isTrue();

        assertThat(deals.find(deal.id()).orElseThrow().mediator()).isEqualTo(ApiFixtures.MEDIATOR);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.DEAL_MEDIATOR_UPDATED);
            assertThat(event.deal().mediator()).isEqualTo(ApiFixtures.MEDIATOR);
        });
    }

    @Test
    void shouldSayFalseForADealThisSolverDoesNotHold() {
        assertThat(updates.stateChanged(DEAL_UNKNOWN, AgreementState.DEAL_AGREED))
                .isFalse();
        assertThat(updates.mediatorChosen(DEAL_UNKNOWN, ApiFixtures.MEDIATOR)).isFalse();
        assertThat(events).isEmpty();
    }
}
